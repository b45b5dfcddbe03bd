#!/usr/bin/env node
// Builds dist/: TypeScript through tsc, then the icons and codex files tsc does not copy.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
fs.rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
	cwd: root,
	stdio: 'inherit',
});

const copied = [];
for (const top of ['nodes', 'credentials']) {
	copyAssets(path.join(root, top));
}
function copyAssets(dir) {
	if (!fs.existsSync(dir)) return;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const source = path.join(dir, entry.name);
		if (entry.isDirectory()) copyAssets(source);
		else if (/\.(svg|png)$|\.node\.json$/.test(entry.name)) {
			const target = path.join(dist, path.relative(root, source));
			fs.mkdirSync(path.dirname(target), { recursive: true });
			fs.copyFileSync(source, target);
			copied.push(path.relative(root, source));
		}
	}
}
console.log(`built dist/ (${copied.length} icon and codex files copied)`);
