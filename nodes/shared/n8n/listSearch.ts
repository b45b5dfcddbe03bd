import {
	NodeApiError,
	type ILoadOptionsFunctions,
	type INodeListSearchResult,
	type INodePropertyOptions,
	type JsonObject,
} from 'n8n-workflow';

import { isEmail, type LmsAdapter, type ProductType, type VendorDefinition } from '../core';
import { connect } from './connect';
import { errorToJson } from './errors';

/** How many records a picker reads at most; pickers must stay quick on 100,000-user portals. */
const SCAN_LIMIT = 1_000;
const SHOWN = 100;

async function search<T>(
	items: AsyncIterable<T> | undefined,
	filter: string | undefined,
	toResult: (item: T) => { name: string; value: string; haystack: string },
): Promise<INodeListSearchResult> {
	if (!items) return { results: [] };
	const needle = filter?.trim().toLowerCase();
	const results: INodeListSearchResult['results'] = [];
	let scanned = 0;
	for await (const item of items) {
		if (++scanned > SCAN_LIMIT || results.length >= SHOWN) break;
		const { name, value, haystack } = toResult(item);
		if (!needle || haystack.toLowerCase().includes(needle)) results.push({ name, value });
	}
	return { results };
}

/** Runs a picker search; a failure shows in the picker as the LMS's message and a hint. */
async function withAdapter(
	context: ILoadOptionsFunctions,
	vendor: VendorDefinition,
	searchWith: (adapter: LmsAdapter) => Promise<INodeListSearchResult>,
): Promise<INodeListSearchResult> {
	const { adapter, secrets } = await connect(context, vendor);
	try {
		return await searchWith(adapter);
	} catch (error) {
		const details = errorToJson(error, secrets);
		throw new NodeApiError(context.getNode(), details as JsonObject, {
			message: `Could not load the list from ${vendor.name}: ${String(details.error)}`,
			description: typeof details.hint === 'string' ? details.hint : undefined,
		});
	}
}

/** Resource-locator search methods for a vendor node, shared by every vendor. */
export function buildListSearch(vendor: VendorDefinition) {
	return {
		async searchCourses(
			this: ILoadOptionsFunctions,
			filter?: string,
		): Promise<INodeListSearchResult> {
			return withAdapter(this, vendor, (adapter) =>
				search(adapter.listCourses?.({ search: filter }), filter, (course) => ({
					name: `${course.name} (${course.id})`,
					value: course.id,
					haystack: `${course.name} ${course.id}`,
				})),
			);
		},
		async searchGroups(
			this: ILoadOptionsFunctions,
			filter?: string,
		): Promise<INodeListSearchResult> {
			return withAdapter(this, vendor, (adapter) =>
				search(adapter.listGroups?.({ search: filter }), filter, (group) => ({
					name: `${group.name} (${group.id})`,
					value: group.id,
					haystack: `${group.name} ${group.id} ${group.key ?? ''}`,
				})),
			);
		},
		async searchProducts(
			this: ILoadOptionsFunctions,
			filter?: string,
		): Promise<INodeListSearchResult> {
			const type = String(this.getCurrentNodeParameter('productType') ?? '') as ProductType;
			return withAdapter(this, vendor, async (adapter) =>
				search(adapter.listProducts?.(type), filter, (product) => ({
					name: `${product.name} (${product.id})`,
					value: product.id,
					haystack: `${product.name} ${product.id}`,
				})),
			);
		},
		async searchSeats(
			this: ILoadOptionsFunctions,
			filter?: string,
		): Promise<INodeListSearchResult> {
			return withAdapter(this, vendor, async (adapter) =>
				search(adapter.listSeats?.(), filter, (seat) => ({
					name: `${seat.name} (${seat.id})`,
					value: seat.id,
					haystack: `${seat.name} ${seat.id}`,
				})),
			);
		},
		async searchUsers(
			this: ILoadOptionsFunctions,
			filter?: string,
		): Promise<INodeListSearchResult> {
			return withAdapter(this, vendor, async (adapter) => {
				// An exact email is one cheap lookup instead of a scan.
				if (filter && isEmail(filter.trim()) && adapter.findUser) {
					const user = await adapter.findUser({
						by: 'email',
						value: filter.trim(),
					});
					return {
						results: user ? [{ name: `${user.email} (${user.id})`, value: user.id }] : [],
					};
				}
				return search(adapter.listUsers?.({ search: filter }), filter, (user) => {
					const fullName = [user.firstName, user.lastName].filter(Boolean).join(' ');
					return {
						name: `${fullName || user.email} <${user.email}> (${user.id})`,
						value: user.id,
						haystack: `${fullName} ${user.email} ${user.username ?? ''} ${user.id}`,
					};
				});
			});
		},
	};
}

/** Option loaders for plain dropdowns (roles). */
export function buildLoadOptions(vendor: VendorDefinition) {
	return {
		async getRoles(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
			const { adapter, secrets } = await connect(this, vendor);
			try {
				const roles = (await adapter.listRoles?.()) ?? [];
				return roles.map((role) => ({ name: role, value: role }));
			} catch (error) {
				const details = errorToJson(error, secrets);
				throw new NodeApiError(this.getNode(), details as JsonObject, {
					message: `Could not load roles from ${vendor.name}: ${String(details.error)}`,
				});
			}
		},
	};
}

/** Everything a vendor node puts under `methods`. */
export function buildMethods(vendor: VendorDefinition) {
	return { listSearch: buildListSearch(vendor), loadOptions: buildLoadOptions(vendor) };
}
