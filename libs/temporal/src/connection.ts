import { Client, Connection } from '@temporalio/client';

/** Connects to the Temporal frontend, retrying for a while: the server may still be starting. */
export async function connectTemporal(address: string, namespace: string, waitMs = 30_000): Promise<Client> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: '5s' });
      return new Client({ connection, namespace });
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Temporal at ${address} did not answer: ${(err as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
