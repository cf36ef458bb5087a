import { startFirestoreEmulator } from './firestore-emulator';

/** The npm Firestore emulator in a process of its own (see startFirestoreEmulatorProcess). */

async function main(): Promise<void> {
  const emulator = await startFirestoreEmulator(Number(process.argv[2] ?? 0));
  process.send?.({ host: emulator.host });
  process.on('disconnect', () => {
    emulator.stop();
    process.exit(0);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
