import type { Readable } from 'node:stream';

export interface CappedRead {
  data: Buffer;
  /** Why reading stopped: the stream ended or closed, the cap was reached, or `done` said enough. */
  stop: 'end' | 'closed' | 'cap' | 'match';
}

/**
 * Reads at most `cap` bytes and then stops listening, so a huge or endless response costs `cap` bytes of
 * memory, not its size; the caller destroys the stream to stop the peer sending more.
 */
export function readCapped(
  stream: Readable,
  cap: number,
  done?: (data: Buffer) => boolean,
): Promise<CappedRead> {
  return new Promise((resolve, reject) => {
    // Already over: no further event will come to end the read.
    if (stream.readableEnded || stream.destroyed) return resolve({ data: Buffer.alloc(0), stop: 'closed' });
    const chunks: Buffer[] = [];
    let total = 0;
    const collected = () => Buffer.concat(chunks, total);
    const stop = (why: CappedRead['stop']) => {
      detach();
      stream.pause();
      resolve({ data: collected(), stop: why });
    };
    const onData = (chunk: Buffer) => {
      const kept = chunk.subarray(0, cap - total);
      chunks.push(kept);
      total += kept.length;
      if (total >= cap) stop('cap');
      else if (done?.(collected())) stop('match');
    };
    const onEnd = () => stop('end');
    const onClose = () => stop('closed');
    const onError = (error: Error) => {
      detach();
      reject(error);
    };
    const detach = () => {
      stream.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onError);
    };
    stream.on('data', onData).once('end', onEnd).once('close', onClose).once('error', onError);
  });
}
