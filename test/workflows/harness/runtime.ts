/**
 * Loads n8n-core the way the engine sees itself, and prepares the little process-wide state it
 * needs (dependency-injection container, quiet logger, a throwaway user folder).
 *
 * n8n-core ships its own nested copies of `@n8n/di`, `@n8n/backend-common`, … that can differ from
 * the hoisted ones (other dev tools pull older versions). Registering a service in the wrong
 * container silently does nothing, so every n8n-internal package is resolved *from n8n-core's
 * directory*.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';

import 'reflect-metadata';
import * as core from 'n8n-core';
import { LoggerProxy } from 'n8n-workflow';

type Token = abstract new (...args: never[]) => unknown;

interface DiContainer {
	get<T>(token: abstract new (...args: never[]) => T): T;
	set(token: Token, value: unknown): void;
	has(token: Token): boolean;
}

const coreDir = path.dirname(require.resolve('n8n-core/package.json'));

/** `require` a package exactly as n8n-core itself would resolve it. */
export function requireFromCore<T>(request: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(require.resolve(request, { paths: [coreDir] })) as T;
}

/** A logger that accepts every call and prints nothing; `scoped()` returns itself. */
function createSilentLogger(): object {
	const noop = () => undefined;
	const logger: object = new Proxy(
		{},
		{
			get: (_target, prop) => {
				if (prop === 'scoped') return () => logger;
				if (prop === 'then' || typeof prop === 'symbol') return undefined; // never look like a promise
				return noop;
			},
		},
	);
	return logger;
}

let initialised = false;
let container: DiContainer;

/** Idempotent process setup; called by every harness entry point. */
export function initRuntime(): { container: DiContainer; core: typeof core } {
	if (initialised) return { container, core };
	initialised = true;

	// Anything n8n-core decides to persist (instance settings, binary data) lands in a temp folder,
	// never in the developer's ~/.n8n. Created by n8n-core only if it needs it.
	process.env.N8N_USER_FOLDER ??= path.join(tmpdir(), 'n8n-workflow-harness');
	process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS ??= 'false';
	process.env.N8N_LOG_LEVEL ??= 'silent';
	process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';

	container = requireFromCore<{ Container: DiContainer }>('@n8n/di').Container;

	const silent = createSilentLogger();
	const { Logger } = requireFromCore<{ Logger: Token }>('@n8n/backend-common');
	container.set(Logger, silent);
	LoggerProxy.init(silent as unknown as Parameters<typeof LoggerProxy.init>[0]);

	return { container, core };
}
