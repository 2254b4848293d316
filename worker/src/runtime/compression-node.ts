import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Compressor } from '../catalog/ports';

const br = promisify(brotliCompress);
const gz = promisify(gzip);

/**
 * node:zlib for response bodies: brotli (which Node 20's CompressionStream lacks) and gzip. Bodies
 * are compressed once per catalog version and cached, so the levels favour size over speed.
 */
export function nodeCompressor(): Compressor {
  return {
    encodings: ['br', 'gzip'],
    async compress(bytes, encoding) {
      if (encoding === 'br') {
        return new Uint8Array(
          await br(bytes, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 9,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
            },
          }),
        );
      }
      return new Uint8Array(await gz(bytes, { level: 9 }));
    },
  };
}
