import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { requireOperation, type UserRef } from '../../core';
import { listOrIdLocator, userLocator } from '../fields';
import { getManyOperation } from './listing';
import { readLocatorId, readUserRef } from './params';
import { defineOperation } from './types';

const seatLocator: INodeProperties = listOrIdLocator({
	displayName: 'Seat Offering',
	name: 'seat',
	description: 'The seat offering, picked from the list or given by its ID',
	searchListMethod: 'searchSeats',
	idPlaceholder: '64f0c0ffee',
});

export const seatOperations = [
	defineOperation<{ ref: UserRef; seatId: string; addToActiveSeat: boolean }>({
		resource: 'seat',
		value: 'addUser',
		name: 'Add User',
		action: 'Add a user to a seat offering',
		description: 'Give a user a seat; holding one already counts as success (alreadyMember)',
		requires: ['seat.addUser'],
		fields: () => [
			userLocator('The user to give a seat'),
			seatLocator,
			{
				displayName: 'Add to Active Seat',
				name: 'addToActiveSeat',
				type: 'boolean',
				default: false,
				description: 'Whether to place the user in a seat that is active now',
			},
		],
		read: (params) => ({
			ref: readUserRef(params),
			seatId: readLocatorId(params, 'seat', 'Seat Offering'),
			addToActiveSeat: params.raw('addToActiveSeat', false) === true,
		}),
		label: (input) => `${input.ref.value} → seat ${input.seatId}`,
		run: async (adapter, input) => ({
			...(await requireOperation(adapter, 'addToSeat')(input.ref, input.seatId, {
				addToActiveSeat: input.addToActiveSeat,
			})),
		}),
	}),
	defineOperation<{ ref: UserRef; seatId: string }>({
		resource: 'seat',
		value: 'removeUser',
		name: 'Remove User',
		action: 'Remove a user from a seat offering',
		description: 'Free the seat a user holds; holding none counts as success (notMember)',
		requires: ['seat.removeUser'],
		fields: () => [userLocator('The user to take the seat from'), seatLocator],
		read: (params) => ({
			ref: readUserRef(params),
			seatId: readLocatorId(params, 'seat', 'Seat Offering'),
		}),
		label: (input) => `${input.ref.value} → seat ${input.seatId}`,
		run: async (adapter, input) => ({
			...(await requireOperation(adapter, 'removeFromSeat')(input.ref, input.seatId)),
		}),
	}),
	getManyOperation({
		resource: 'seat',
		things: 'seat offerings',
		requires: 'seat.list',
		list: (adapter) => requireOperation(adapter, 'listSeats')(),
		toJson: (seat) => ({ ...seat }) as IDataObject,
	}),
];
