"""The event-stream rules of the WHATWG HTML spec (9.2.6): what a run's stream relies on, and the edges around it."""

from __future__ import annotations

import pytest

from steadfast import SseMessage, SseParser


def parse(*chunks: str) -> list[SseMessage]:
    sut = SseParser()
    return [message for chunk in chunks for message in sut.feed(chunk)]


def test_a_frame_as_the_api_writes_it() -> None:
    [message] = parse('id: 7\ndata: {"seq":7}\n\n')
    assert message == SseMessage(data='{"seq":7}', last_event_id="7", event="message", has_id=True)


def test_nothing_is_dispatched_before_the_blank_line() -> None:
    sut = SseParser()
    assert sut.feed("id: 1\ndata: x\n") == []
    assert [m.data for m in sut.feed("\n")] == ["x"]


def test_data_lines_join_with_newlines_and_lose_one_leading_space_only() -> None:
    [message] = parse("data:  two spaces\ndata:none\ndata\n\n")
    assert message.data == " two spaces\nnone\n"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_line_ending_the_spec_allows(newline: str) -> None:
    text = f"id: 3{newline}data: a{newline}data: b{newline}{newline}"
    assert [(m.data, m.last_event_id) for m in parse(text)] == [("a\nb", "3")]


def test_any_split_into_chunks_gives_the_same_messages() -> None:
    text = '\ufeffretry: 2000\r\ndata: {"type":"connected"}\r\n\r\n: keepalive\r\n\r\nid: 1\r\ndata: {"seq":1}\r\n\r\n'
    whole = parse(text)
    assert [m.data for m in whole] == ['{"type":"connected"}', '{"seq":1}']
    for size in range(1, 8):
        assert parse(*(text[i : i + size] for i in range(0, len(text), size))) == whole


def test_a_crlf_split_between_chunks_is_one_line_end() -> None:
    assert [m.data for m in parse("data: a\r", "\n\r", "\ndata: b\r\n\r\n")] == ["a", "b"]


def test_comments_and_unknown_fields_are_ignored() -> None:
    assert [m.data for m in parse(": keepalive\n\nfoo: bar\ndata: kept\n\n")] == ["kept"]


def test_a_frame_without_id_keeps_the_last_id_but_says_it_carried_none() -> None:
    first, second = parse("id: 5\ndata: a\n\ndata: b\n\n")
    assert (first.last_event_id, first.has_id) == ("5", True)
    assert (second.last_event_id, second.has_id) == ("5", False)


def test_an_id_with_a_nul_is_ignored_and_an_empty_id_resets() -> None:
    sut = SseParser()
    sut.feed("id: 4\ndata: a\n\nid: 9\0\ndata: b\n\n")
    assert sut.last_event_id == "4"
    [reset] = sut.feed("id\ndata: c\n\n")
    assert (reset.last_event_id, reset.has_id) == ("", True)


def test_an_id_alone_moves_the_last_id_without_a_message() -> None:
    sut = SseParser()
    assert sut.feed("id: 12\n\n") == []
    assert sut.last_event_id == "12"


def test_the_event_field_names_the_type_for_one_message() -> None:
    first, second = parse("event: ping\ndata: 1\n\ndata: 2\n\n")
    assert (first.event, second.event) == ("ping", "message")


def test_retry_takes_digits_only() -> None:
    sut = SseParser()
    sut.feed("retry: 2000\n\nretry: 2s\n\nretry: -1\n\n")
    assert sut.retry_ms == 2000


def test_a_byte_order_mark_is_dropped_at_the_start_only() -> None:
    [first, second] = parse("\ufeffdata: a\n\n", "data: \ufeffb\n\n")
    assert (first.data, second.data) == ("a", "\ufeffb")


def test_a_field_name_with_a_bom_later_in_the_stream_is_not_data() -> None:
    assert parse("data: a\n\n\ufeffdata: b\n\n")[1:] == []


def test_an_unfinished_message_at_the_end_is_never_dispatched() -> None:
    assert parse("id: 1\ndata: half") == []
