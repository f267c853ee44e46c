import type { CreateRunDto } from './dto/create-run.dto';
import { contentAddress } from '@steadfast/persistence';

/**
 * sha256 of the request's meaning (keys sorted, token left out): the same token must carry the same body.
 * `workflow` is hashed as sent, so `"name"` and `"name@2"` are different requests.
 */
export function requestHash(dto: CreateRunDto): string {
  const { client_token: _token, ...meaning } = dto;
  return contentAddress(meaning).sha256;
}
