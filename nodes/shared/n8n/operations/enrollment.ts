import type { INodeProperties } from 'n8n-workflow';

import {
	collect,
	InputError,
	optionalText,
	requireDate,
	requireOperation,
	type EnrollOptionName,
	type EnrollOptions,
	type ProductRef,
	type ProductType,
	type UserRef,
	type VendorDefinition,
} from '../../core';
import { courseLocator, limitField, listOrIdLocator, returnAllField, userLocator } from '../fields';
import { enrollmentJson } from './output';
import { readLimit, readLocatorId, readUserRef } from './params';
import { defineOperation, type ParamReader } from './types';

const PRODUCT_NAMES: Record<ProductType, string> = {
	course: 'Course',
	bundle: 'Bundle',
	subscription: 'Subscription',
	program: 'Program',
};

function productFields(vendor: VendorDefinition): INodeProperties[] {
	const fields: INodeProperties[] = [];
	if (vendor.productTypes.length > 1) {
		const defaultType = vendor.productTypes[0];
		fields.push({
			displayName: 'Product Type',
			name: 'productType',
			type: 'options',
			default: defaultType,
			options: vendor.productTypes.map((type) => ({ name: PRODUCT_NAMES[type], value: type })),
			description: 'What kind of product to enroll into',
		});
		fields.push({ ...courseLocator(), displayOptions: { show: { productType: ['course'] } } });
		fields.push({
			...listOrIdLocator({
				displayName: 'Product',
				name: 'productId',
				description: 'The bundle, subscription or program, picked from the list or given by its ID',
				searchListMethod: 'searchProducts',
			}),
			displayOptions: { hide: { productType: ['course'] } },
		});
	} else {
		fields.push(courseLocator());
	}
	return fields;
}

function readProduct(params: ParamReader, vendor: VendorDefinition): ProductRef {
	const type = (
		vendor.productTypes.length > 1 ? params.raw('productType', 'course') : vendor.productTypes[0]
	) as ProductType;
	if (!vendor.productTypes.includes(type)) {
		throw new InputError('Product Type', `"${type}" is not a product type ${vendor.name} knows`);
	}
	const id =
		type === 'course'
			? readLocatorId(params, 'course', 'Course')
			: readLocatorId(params, 'productId', 'Product');
	return { id, type };
}

/** Recorded with every enrollment whose options do not say otherwise. */
const DEFAULT_JUSTIFICATION = 'Enrolled by n8n';

const OPTION_FIELDS: Record<VendorDefinition['enrollOptions'][number], INodeProperties> = {
	price: {
		displayName: 'Price',
		name: 'price',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description: 'Price recorded for the enrollment; 0 for a free enrollment',
	},
	justification: {
		displayName: 'Justification',
		name: 'justification',
		type: 'string',
		default: DEFAULT_JUSTIFICATION,
		description: `Reason shown in the LMS for this manual enrollment; "${DEFAULT_JUSTIFICATION}" unless set (empty sends none)`,
	},
	role: {
		displayName: 'Role',
		name: 'role',
		type: 'options',
		default: 'learner',
		options: [
			{ name: 'Instructor', value: 'instructor' },
			{ name: 'Learner', value: 'learner' },
		],
		description: 'Whether the user takes the course or teaches it',
	},
	reEnrollIfCompleted: {
		displayName: 'Re-Enroll If Completed',
		name: 'reEnrollIfCompleted',
		type: 'boolean',
		default: false,
		description: 'Whether to start a fresh enrollment when the user already completed the course',
	},
	dueDate: {
		displayName: 'Due Date',
		name: 'dueDate',
		type: 'dateTime',
		default: '',
		description: 'When the course must be completed by',
	},
	sendEmail: {
		displayName: 'Send Enrollment Email',
		name: 'sendEmail',
		type: 'boolean',
		default: false,
		description: 'Whether the LMS emails the user about the enrollment',
	},
};

/** The Options collection, listing only the settings `names` (a vendor's enroll or bulk options). */
function enrollOptionsField(names: readonly EnrollOptionName[]): INodeProperties[] {
	if (names.length === 0) return [];
	return [
		{
			displayName: 'Options',
			name: 'enrollOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: names
				.map((name) => OPTION_FIELDS[name])
				.sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
	];
}

function readEnrollOptions(
	params: ParamReader,
	vendor: VendorDefinition,
	names: readonly EnrollOptionName[] = vendor.enrollOptions,
): EnrollOptions {
	if (names.length === 0) return {};
	const raw = (params.raw('enrollOptions', {}) ?? {}) as Record<string, unknown>;
	const options: EnrollOptions = {};
	if (names.includes('price')) {
		const price = raw.price === undefined || raw.price === '' ? 0 : Number(raw.price);
		if (!Number.isFinite(price) || price < 0)
			throw new InputError('Options › Price', '"Price" must be 0 or more');
		options.price = price;
	}
	if (names.includes('justification'))
		options.justification =
			raw.justification === undefined ? DEFAULT_JUSTIFICATION : optionalText(raw.justification);
	if (names.includes('role') && raw.role !== undefined) options.role = String(raw.role);
	if (names.includes('reEnrollIfCompleted'))
		options.reEnrollIfCompleted = raw.reEnrollIfCompleted === true;
	if (names.includes('dueDate') && optionalText(raw.dueDate)) {
		options.dueDate = requireDate('Options › Due Date', raw.dueDate);
	}
	if (names.includes('sendEmail')) options.sendEmail = raw.sendEmail === true;
	return options;
}

const STATUS_FILTERS = [
	{ name: 'Any', value: '' },
	{ name: 'Completed', value: 'completed' },
	{ name: 'Failed', value: 'failed' },
	{ name: 'In Progress', value: 'inProgress' },
	{ name: 'Not Started', value: 'notStarted' },
	{ name: 'Passed', value: 'passed' },
];

const statusFilterField: INodeProperties = {
	displayName: 'Status',
	name: 'status',
	type: 'options',
	options: STATUS_FILTERS,
	default: '',
	description: 'Only enrollments with this status',
};

const enrollUserField = (what: string) =>
	userLocator(`The user to ${what}, picked from the list or given by email or ID`);

export const enrollmentOperations = [
	defineOperation<{ ref: UserRef; product: ProductRef; options: EnrollOptions }>({
		resource: 'enrollment',
		value: 'enroll',
		name: 'Enroll',
		action: 'Enroll a user',
		description: 'Enroll a user; an existing enrollment counts as success (alreadyEnrolled)',
		requires: ['enrollment.enroll'],
		fields: (vendor) => [
			enrollUserField('enroll'),
			...productFields(vendor),
			...enrollOptionsField(vendor.enrollOptions),
		],
		read: (params, vendor) => ({
			ref: readUserRef(params),
			product: readProduct(params, vendor),
			options: readEnrollOptions(params, vendor),
		}),
		label: (input) => `${input.ref.value} → ${input.product.type} ${input.product.id}`,
		run: async (adapter, input) => ({
			...(await requireOperation(adapter, 'enroll')(input.ref, input.product, input.options)),
		}),
	}),
	defineOperation<{ ref: UserRef; product: ProductRef }>({
		resource: 'enrollment',
		value: 'unenroll',
		name: 'Unenroll',
		action: 'Unenroll a user',
		description: 'Remove a user from a product; not being enrolled counts as success (notEnrolled)',
		requires: ['enrollment.unenroll'],
		fields: (vendor) => [enrollUserField('unenroll'), ...productFields(vendor)],
		read: (params, vendor) => ({ ref: readUserRef(params), product: readProduct(params, vendor) }),
		label: (input) => `${input.ref.value} → ${input.product.type} ${input.product.id}`,
		run: async (adapter, input) => ({
			...(await requireOperation(adapter, 'unenroll')(input.ref, input.product)),
		}),
	}),
	defineOperation<{ ref: UserRef; status?: string; limit: number }>({
		resource: 'enrollment',
		value: 'getMany',
		name: 'Get Many',
		action: "Get a user's enrollments",
		description:
			'List the products a user is enrolled in, with status and progress, optionally only those with a given status',
		requires: ['enrollment.listForUser'],
		fields: () => [
			enrollUserField('list enrollments of'),
			statusFilterField,
			returnAllField,
			limitField,
		],
		read: (params) => ({
			ref: readUserRef(params),
			status: optionalText(params.raw('status', '')),
			limit: readLimit(params),
		}),
		label: (input) => input.ref.value,
		run: async (adapter, input) => {
			const enrollments = requireOperation(adapter, 'listEnrollments')(input.ref);
			const wanted = (async function* () {
				for await (const enrollment of enrollments)
					if (!input.status || enrollment.status === input.status) yield enrollment;
			})();
			return (await collect(wanted, input.limit)).map(enrollmentJson);
		},
	}),
	defineOperation<{ ref: UserRef; courseId: string }>({
		resource: 'enrollment',
		value: 'getProgress',
		name: 'Get Progress',
		action: "Get a user's progress in a course",
		description: "Status, progress and completion date of one user's enrollment in one course",
		requires: ['enrollment.progress'],
		fields: () => [enrollUserField('check'), courseLocator()],
		read: (params) => ({
			ref: readUserRef(params),
			courseId: readLocatorId(params, 'course', 'Course'),
		}),
		label: (input) => `${input.ref.value} in course ${input.courseId}`,
		run: async (adapter, input) => {
			const enrollment = await requireOperation(adapter, 'getProgress')(input.ref, input.courseId);
			return enrollment
				? { enrolled: true, ...enrollmentJson(enrollment) }
				: { enrolled: false, productId: input.courseId, productType: 'course' };
		},
	}),
];

enrollmentOperations.push(
	defineOperation<{ courseId: string; status?: string; limit: number }>({
		resource: 'enrollment',
		value: 'getManyForCourse',
		name: 'Get Many for Course',
		action: "Get a course's enrollments",
		description: 'List the enrollments of one course, optionally only those with a given status',
		requires: ['enrollment.listForCourse'],
		fields: () => [courseLocator(), statusFilterField, returnAllField, limitField],
		read: (params) => ({
			courseId: readLocatorId(params, 'course', 'Course'),
			status: optionalText(params.raw('status', '')),
			limit: readLimit(params),
		}),
		label: (input) => `course ${input.courseId}`,
		run: async (adapter, input) =>
			(
				await collect(
					requireOperation(adapter, 'listCourseEnrollments')(input.courseId, {
						status: input.status,
					}),
					input.limit,
				)
			).map(enrollmentJson),
	}),
	defineOperation<{ ref: UserRef; product: ProductRef; options: EnrollOptions }>({
		resource: 'enrollment',
		value: 'bulkEnroll',
		name: 'Bulk Enroll',
		action: 'Enroll many users at once',
		description:
			"Submit every input item's enrollment as one asynchronous bulk job, wait for it, and return each item's outcome",
		requires: ['enrollment.bulkEnroll'],
		fields: (vendor) => [
			enrollUserField('enroll'),
			...productFields(vendor),
			...enrollOptionsField(vendor.bulkEnrollOptions ?? []),
		],
		read: (params, vendor) => ({
			ref: readUserRef(params),
			product: readProduct(params, vendor),
			options: readEnrollOptions(params, vendor, vendor.bulkEnrollOptions ?? []),
		}),
		label: (input) => `${input.ref.value} → ${input.product.type} ${input.product.id}`,
		runBatch: async (adapter, inputs) => {
			if (inputs.length === 0) return [];
			const outcomes = await requireOperation(
				adapter,
				'bulkEnroll',
			)(
				inputs.map(({ input }) => ({
					ref: input.ref,
					product: input.product,
					options: input.options,
				})),
			);
			return outcomes.map((outcome, position) => ({
				json: { ...outcome },
				itemIndex: inputs[position]?.itemIndex,
			}));
		},
	}),
);
