import { declareCapabilities, type VendorDefinition } from '../../core';
import { definitionFor, readSettings } from '../learnworlds';
import { GrowAdapter } from './adapter';
import { growProfile } from './profile';

export const growVendor: VendorDefinition = definitionFor(
	growProfile,
	// prettier-ignore
	declareCapabilities(GrowAdapter, [
		'user.create', 'user.get', 'user.list', 'user.update', 'user.suspend', 'user.reactivate',
		'enrollment.enroll', 'enrollment.unenroll', 'enrollment.listForUser', 'enrollment.progress', 'enrollment.bulkEnroll',
		'course.list',
		'group.list', 'group.create', 'group.addMember', 'group.removeMember', 'group.listForUser',
		'tag.add', 'tag.remove',
		'completion.list',
		'userCreation.list',
		'enrollmentEvent.list',
		'product.list',
		'role.list', 'role.get', 'role.update',
		'seat.list', 'seat.addUser', 'seat.removeUser',
	]),
	(credentials, transport, clock) =>
		new GrowAdapter(growProfile, readSettings(growProfile, credentials), transport, clock),
);
