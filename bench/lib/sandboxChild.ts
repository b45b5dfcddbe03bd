/**
 * Runs the sandbox in its own process, so the benchmark's memory and CPU figures are the client's
 * alone (2-core machine: the simulators get their own event loop). Started by lib/sandbox.ts with
 * fork(); sends `{ urls }` once listening and exits when the parent disconnects.
 */
import { startSandbox } from '../../sandbox/server';

async function main(): Promise<void> {
	const sandbox = await startSandbox({ host: '127.0.0.1', seed: { users: 20 } });
	const stop = () => {
		sandbox.close().finally(() => process.exit(0));
	};
	process.on('disconnect', stop);
	process.on('SIGTERM', stop);
	process.send?.({ urls: sandbox.urls });
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
