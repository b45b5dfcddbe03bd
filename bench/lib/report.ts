/** Markdown tables for RESULTS.md. */
export function table(headers: string[], rows: Array<Array<string | number>>): string {
	const escape = (cell: string | number) => String(cell).replace(/\|/g, '\\|').replace(/\n/g, ' ');
	return [
		`| ${headers.map(escape).join(' | ')} |`,
		`|${headers.map(() => '---').join('|')}|`,
		...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
	].join('\n');
}

export const ratio = (value: number, base: number) =>
	base > 0 ? `${(value / base).toFixed(2)}×` : 'n/a';
