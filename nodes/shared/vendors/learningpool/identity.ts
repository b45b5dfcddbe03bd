/** Who this vendor is, declared once: the definition, the adapter and the error messages read it. */
export const learningPoolIdentity = {
	id: 'learningpool',
	name: 'Learning Pool',
	credentialType: 'learningPoolApi',
	nodeName: 'learningPool',
} as const;
