import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';
import type { CreateRunDto } from './dto/create-run.dto';

/** sha256 of the request's meaning (keys sorted, token left out): the same token must carry the same body. */
export function requestHash(dto: CreateRunDto): string {
  const { client_token: _token, ...meaning } = dto;
  return createHash('sha256').update(stringify(meaning) ?? '').digest('hex');
}
