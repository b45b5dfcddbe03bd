/** Who this vendor is, declared once: the definition, the adapter and the error messages read it. */
export const talentLmsIdentity = {
	id: 'talentlms',
	name: 'TalentLMS',
	credentialType: 'talentLmsApi',
	nodeName: 'talentLms',
} as const;
