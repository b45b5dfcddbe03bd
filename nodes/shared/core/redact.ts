/**
 * Secrets must never reach an error, a log line or a node's output. Everything that builds a
 * message from request or response data passes it through here first.
 */

const SENSITIVE_KEY =
	/passw(or)?d|^pass$|^pwd$|secret|token|api[-_]?key|authorization|cookie|credential|bearer/i;

/** Token-shaped values that may sit in text we did not write (vendor bodies, URLs). */
const SENSITIVE_PATTERNS: RegExp[] = [
	/(authorization["']?\s*[:=]\s*["']?)(basic|bearer)\s+[^\s"',}]+/gi,
	/\b(basic|bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
	/((?:access_token|refresh_token|client_secret|password|api_key|apikey|token)["']?\s*[:=]\s*["']?)[^\s"'&,}]+/gi,
];

export const REDACTED = '[redacted]';

export function isSensitiveKey(key: string): boolean {
	return SENSITIVE_KEY.test(key);
}

/**
 * The forms a secret travels in besides itself: URL-encoded (query strings, form bodies), and
 * base64 with and without padding and in its URL-safe alphabet (a Basic header a server echoes,
 * a token it wraps). Vendors list the credential pairs their auth encodes (`apiKey:`,
 * `user:password`) as secrets of their own, so the base64 of each pair is covered here.
 */
export function secretForms(secret: string): string[] {
	const padded = Buffer.from(secret, 'utf8').toString('base64');
	const base64 = padded.replace(/=+$/, '');
	const forms = new Set([
		secret,
		padded,
		encodeURIComponent(secret),
		encodeURIComponent(secret).replace(/%20/g, '+'),
		base64,
		base64.replace(/\+/g, '-').replace(/\//g, '_'),
	]);
	// Longest first, so a form that contains another is replaced whole.
	return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * Secrets this process obtained while running: tokens from a token endpoint. No stored credential
 * held them when a node collected its secrets (the first token of a run, one refreshed after a
 * 401 halfway through), so they are redacted from here on wherever text is. The newest few only:
 * older tokens have expired.
 */
const obtained: string[] = [];
const MAX_OBTAINED = 16;

/** Marks a secret obtained at run time (an access token) for redaction everywhere. */
export function rememberObtainedSecret(secret: string): void {
	if (secret.length < 4 || obtained[0] === secret) return;
	const known = obtained.indexOf(secret);
	if (known >= 0) obtained.splice(known, 1);
	obtained.unshift(secret);
	if (obtained.length > MAX_OBTAINED) obtained.length = MAX_OBTAINED;
}

/**
 * Replaces every known secret value (those given and those obtained at run time), in every form it
 * travels in, and token-shaped substrings.
 */
export function redactText(text: string, secrets: Iterable<string> = []): string {
	let result = text;
	for (const secret of [...secrets, ...obtained]) {
		// Very short values would mangle ordinary words; secrets are never that short.
		if (!secret || secret.length < 4) continue;
		for (const form of secretForms(secret)) result = result.split(form).join(REDACTED);
	}
	for (const pattern of SENSITIVE_PATTERNS) {
		result = result.replace(pattern, (_match, prefix: string) =>
			/^(basic|bearer)$/i.test(prefix) ? `${prefix} ${REDACTED}` : `${prefix}${REDACTED}`,
		);
	}
	return result;
}

/** Deep copy of a value with sensitive keys blanked and secret values replaced in strings. */
export function redactValue<T>(value: T, secrets: Iterable<string> = []): T {
	const secretList = [...secrets];
	const visit = (current: unknown, depth: number): unknown => {
		if (depth > 20) return REDACTED;
		if (typeof current === 'string') return redactText(current, secretList);
		if (Array.isArray(current)) return current.map((entry) => visit(entry, depth + 1));
		if (current && typeof current === 'object') {
			const copy: Record<string, unknown> = {};
			for (const [key, entry] of Object.entries(current as Record<string, unknown>)) {
				copy[key] = isSensitiveKey(key) && entry !== undefined ? REDACTED : visit(entry, depth + 1);
			}
			return copy;
		}
		return current;
	};
	return visit(value, 0) as T;
}

/** Values in headers and bodies of a request that must not be repeated anywhere. */
export function collectSecrets(parts: {
	headers?: Record<string, string | undefined>;
	body?: unknown;
	extra?: Array<string | undefined>;
}): string[] {
	const found = new Set<string>();
	const add = (value: unknown) => {
		if (typeof value !== 'string' || value.length < 4) return;
		found.add(value);
		// "Basic abc", "Bearer abc": the bare credential matters as much as the header.
		const scheme = /^(basic|bearer)\s+(.+)$/i.exec(value);
		if (scheme) {
			found.add(scheme[2]);
			if (/^basic$/i.test(scheme[1])) {
				const decoded = decodeBase64(scheme[2]);
				if (decoded)
					for (const piece of decoded.split(':')) if (piece.length >= 4) found.add(piece);
			}
		}
	};
	for (const [key, value] of Object.entries(parts.headers ?? {})) {
		if (isSensitiveKey(key)) add(value);
	}
	const walk = (value: unknown, depth: number) => {
		if (!value || typeof value !== 'object' || depth > 10) return;
		for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
			if (isSensitiveKey(key)) add(entry);
			else walk(entry, depth + 1);
		}
	};
	walk(parts.body, 0);
	for (const value of parts.extra ?? []) add(value);
	return [...found];
}

function decodeBase64(text: string): string | undefined {
	try {
		const decoded = Buffer.from(text, 'base64').toString('utf8');
		return /^[\x20-\x7e]+$/.test(decoded) ? decoded : undefined;
	} catch {
		return undefined;
	}
}
