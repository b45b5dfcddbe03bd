import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// What `npm publish` would upload: only the built package, its README and LICENSE (npm always
// adds package.json). Needs dist/ (npm test builds it first).
const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	main: string;
	n8n: { nodes: string[]; credentials: string[] };
};

function packedFiles(): string[] {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: root,
		encoding: 'utf8',
		env: { ...process.env, npm_config_loglevel: 'silent' },
	});
	const [pack] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
	return pack.files.map((f) => f.path);
}

describe('npm pack', () => {
	let files: string[];
	beforeAll(() => {
		if (!existsSync(join(root, 'dist')))
			throw new Error('dist/ is missing: run `npm run build` first');
		files = packedFiles();
	}, 60000);

	it('ships dist/, README.md, LICENSE and package.json, nothing else', () => {
		const outside = files.filter(
			(f) => !f.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(f),
		);
		expect(outside).toEqual([]);
		expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
	});

	it('ships every node, credential and the entry point package.json declares', () => {
		const declared = [manifest.main, ...manifest.n8n.nodes, ...manifest.n8n.credentials];
		expect(declared.filter((f) => !files.includes(f))).toEqual([]);
	});

	it('ships no tests, sandbox, bench or TypeScript sources from dist/', () => {
		const stray = files.filter(
			(f) =>
				/^dist\/(test|sandbox|bench|scripts)\//.test(f) || (/\.ts$/.test(f) && !/\.d\.ts$/.test(f)),
		);
		expect(stray).toEqual([]);
	});

	it('ships no dev-only code: no standalone authorizer, no ManualClock', () => {
		expect(files.filter((f) => /\/standalone\.(js|d\.ts)$/.test(f))).toEqual([]);
		const withManualClock = files.filter(
			(f) => /\.js$/.test(f) && readFileSync(join(root, f), 'utf8').includes('ManualClock'),
		);
		expect(withManualClock).toEqual([]);
	});
});
