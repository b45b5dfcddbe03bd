import { randomInt } from 'crypto';

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SYMBOLS = '!#%*+-=_';

/**
 * A strong random password (every character class at least once), for vendors that require one
 * on create (TalentLMS, LearnUpon). Users provisioned from a directory usually sign in by SSO or
 * a reset link, so callers send it and never show it.
 */
export function generatePassword(length = 20): string {
	const all = UPPER + LOWER + DIGITS + SYMBOLS;
	const chars = [UPPER, LOWER, DIGITS, SYMBOLS].map((set) => set[randomInt(set.length)]);
	while (chars.length < length) chars.push(all[randomInt(all.length)]);
	for (let i = chars.length - 1; i > 0; i--) {
		const j = randomInt(i + 1);
		[chars[i], chars[j]] = [chars[j], chars[i]];
	}
	return chars.join('');
}
