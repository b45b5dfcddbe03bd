/**
 * What each simulated vendor sends as webhooks: which changes in its state are events, the
 * documented envelope and headers, and the signature. Written from the vendors' documents
 * (docs/learnworlds.md, docs/grow.md, docs/learnupon.md), not from the receiving node, so a test
 * where the two agree shows both follow the same reading of the docs.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';

/** One event as the vendor names it, and its payload (LearnWorlds: `data`; LearnUpon: the event). */
export interface OutgoingEvent {
	type: string;
	payload: Record<string, unknown>;
}

/** How an endpoint was registered: its secret and, where the vendor has options, which. */
export interface EndpointSettings {
	secret: string;
	/** LearnUpon: 'v1' | 'v2'. Grow: 'preShared' | 'hmacSha256'. */
	variant?: string;
}

/** `valid`, a `forged` signature (another secret), or `none` (the header left out). */
export type SignatureMode = 'valid' | 'forged' | 'none';

export interface WebhookDialect {
	/** The secret an endpoint gets when none is given (shown in `credentials.webhookSecret`). */
	defaultSecret: string;
	variants: readonly string[];
	/** Every event the state holds now, keyed so the same event always has the same key. */
	eventsIn(state: unknown): Map<string, OutgoingEvent>;
	/** Records whose disappearance is an event (LearnWorlds: an enrollment, when unenrolled). */
	held?(state: unknown): Map<string, Json>;
	gone?(record: Json, state: unknown): OutgoingEvent;
	/** An event built on demand (the control API), from the state and the arguments. */
	build(type: string, args: Record<string, unknown>, state: unknown, now: number): OutgoingEvent;
	/** The POSTs that carry these events to one endpoint. */
	requests(
		events: OutgoingEvent[],
		endpoint: EndpointSettings,
		signature: SignatureMode,
	): Array<{ body: string; headers: Record<string, string> }>;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObj) : []);
const FORGED_SECRET = 'not-the-secret';

// ------------------------------------------------------------------ LearnWorlds and Grow

const LW_TRIGGERS: Record<string, string> = {
	courseCompleted: 'course_completed',
	enrolledFreeCourse: 'enrolled_free',
	productBought: 'new_purchase',
	userUnenrolledFromProduct: 'unenrolled_from_product',
	userUpdated: 'user_updated',
};

interface LwState {
	users: Json[];
	courses: Json[];
	bundles?: Json[];
	subscriptions?: Json[];
	programs?: Json[];
	enrollments: Json[];
	events: Json[];
}

function lwState(state: unknown): LwState {
	const s = isObj(state) ? state : {};
	return {
		users: list(s.users),
		courses: list(s.courses),
		bundles: list(s.bundles),
		subscriptions: list(s.subscriptions),
		programs: list(s.programs),
		enrollments: list(s.enrollments),
		events: list(s.events),
	};
}

/** The documented user object of LearnWorlds' webhooks, from the simulator's user record. */
function lwUser(s: LwState, id: unknown, email?: unknown): Json {
	const u = s.users.find((x) => x.id === id || (email !== undefined && x.email === email));
	if (!u) throw new Error(`no such user: ${String(id ?? email)}`);
	const fields = isObj(u.fields) ? u.fields : {};
	const role = isObj(u.role) ? u.role : { level: 'user', name: 'User' };
	return {
		created: u.created ?? null,
		email: u.email,
		fields,
		id: u.id,
		is_admin: u.is_admin === true,
		is_instructor: u.is_instructor === true,
		role,
		tags: Array.isArray(u.tags) ? u.tags : [],
		username: u.username ?? null,
		first_name: typeof fields.first_name === 'string' ? fields.first_name : '',
		last_name: typeof fields.last_name === 'string' ? fields.last_name : '',
	};
}

function lwProduct(s: LwState, id: unknown, type: unknown = 'course'): Json {
	const all = [
		...s.courses,
		...(s.bundles ?? []),
		...(s.subscriptions ?? []),
		...(s.programs ?? []),
	];
	const p = all.find((x) => x.id === id && (x.type ?? 'course') === type);
	if (!p) throw new Error(`no such ${String(type)}: ${String(id)}`);
	return p;
}

function lwCourse(p: Json): Json {
	return {
		access: Number(p.price) > 0 ? 'paid' : 'free',
		created: p.created ?? null,
		final_price: p.price ?? 0,
		id: p.id,
		title: p.title,
	};
}

/** The webhook a simulator event-log entry (or an enrollment gone) stands for. */
function lwEventFor(s: LwState, e: Json): OutgoingEvent | undefined {
	const userRef = isObj(e.user) ? e.user : {};
	// The spec's EventLog keeps the product under `additional_info` (what it holds is our guess).
	const data = isObj(e.additional_info) ? e.additional_info : {};
	const course = isObj(data.course) ? data.course : undefined;
	const product = isObj(data.product) ? data.product : undefined;
	const user = () => lwUser(s, userRef.id);
	if (e.activity === 'complete_course' && course) {
		return {
			type: 'courseCompleted',
			payload: {
				completed_at: e.created,
				ip_address: null,
				manually_completed: false,
				course: lwCourse(lwProduct(s, course.id)),
				user: user(),
			},
		};
	}
	if (e.activity === 'manual_enrollment' && course) {
		return {
			type: 'enrolledFreeCourse',
			payload: {
				ip_address: null,
				date: Math.floor(Number(e.created)),
				course: lwCourse(lwProduct(s, course.id)),
				user: user(),
			},
		};
	}
	if (
		((e.activity === 'purchase' || e.activity === 'subscription_signup') && (course || product)) ||
		(e.activity === 'manual_enrollment' && product)
	) {
		const ref = product ?? { ...course, type: 'course' };
		const p = lwProduct(s, ref.id, ref.type ?? 'course');
		return {
			type: 'productBought',
			payload: {
				ip_address: null,
				payment: {
					created: e.created,
					id: String(e.id),
					paid_at: e.created,
					price: p.price ?? 0,
					product: { id: p.id, name: p.title, type: p.type ?? 'course', final_price: p.price ?? 0 },
					transaction_id: 'Added by admin',
					type: 'one-off',
					user_id: userRef.id,
				},
				user: user(),
			},
		};
	}
	if (e.activity === 'register')
		return { type: 'userUpdated', payload: { ip_address: '', user: user() } };
	return undefined;
}

function lwDialect(defaultSecret: string, variants: readonly string[]): WebhookDialect {
	return {
		defaultSecret,
		variants,
		eventsIn(state) {
			const s = lwState(state);
			const out = new Map<string, OutgoingEvent>();
			for (const e of s.events) {
				const event = lwEventFor(s, e);
				if (event) out.set(`event:${String(e.id)}`, event);
			}
			return out;
		},
		// Unenrolling leaves no event-log entry: an enrollment that is gone is the event.
		held(state) {
			const out = new Map<string, Json>();
			for (const en of lwState(state).enrollments) {
				out.set(`${String(en.userId)}:${String(en.productType)}:${String(en.productId)}`, en);
			}
			return out;
		},
		gone(en, state) {
			const s = lwState(state);
			const p = lwProduct(s, en.productId, en.productType);
			return {
				type: 'userUnenrolledFromProduct',
				payload: {
					product: { id: p.id, title: p.title, type: p.type ?? 'course' },
					user: lwUser(s, en.userId),
				},
			};
		},
		build(type, args, state) {
			const s = lwState(state);
			if (isObj(args.data)) return { type, payload: args.data };
			const user = lwUser(s, args.userId, args.email);
			if (type === 'userUpdated') return { type, payload: { ip_address: '', user } };
			const productType = typeof args.productType === 'string' ? args.productType : 'course';
			const p = lwProduct(s, args.courseId ?? args.productId, productType);
			if (type === 'courseCompleted') {
				return {
					type,
					payload: {
						completed_at: Number(args.at ?? Date.now()) / 1000,
						ip_address: null,
						manually_completed: false,
						course: lwCourse(p),
						user,
					},
				};
			}
			if (type === 'enrolledFreeCourse')
				return {
					type,
					payload: { date: Math.floor(Date.now() / 1000), course: lwCourse(p), user },
				};
			if (type === 'userUnenrolledFromProduct')
				return {
					type,
					payload: { product: { id: p.id, title: p.title, type: p.type ?? 'course' }, user },
				};
			throw new Error(`cannot build a ${type} webhook; pass its "data"`);
		},
		requests(events, endpoint, signature) {
			return events.map((event) => {
				const body = JSON.stringify({
					version: 2,
					type: event.type,
					trigger: LW_TRIGGERS[event.type] ?? event.type,
					school_id: 'sandbox-school',
					data: event.payload,
				});
				const secret = signature === 'forged' ? FORGED_SECRET : endpoint.secret.replace(/^v1=/, '');
				const value =
					endpoint.variant === 'hmacSha256'
						? createHmac('sha256', secret).update(body).digest('hex')
						: secret;
				const headers: Record<string, string> = { 'content-type': 'application/json' };
				if (signature !== 'none') headers['learnworlds-webhook-signature'] = `v1=${value}`;
				return { body, headers };
			});
		},
	};
}

// ------------------------------------------------------------------ LearnUpon

interface LuState {
	users: Json[];
	courses: Json[];
	enrollments: Json[];
}

function luState(state: unknown): LuState {
	const s = isObj(state) ? state : {};
	return { users: list(s.users), courses: list(s.courses), enrollments: list(s.enrollments) };
}

function luUser(s: LuState, id: unknown): Json {
	const u = s.users.find((x) => String(x.id) === String(id));
	if (!u) throw new Error(`no such user: ${String(id)}`);
	return {
		userId: u.id,
		username: u.username ?? null,
		email: u.email,
		firstName: u.first_name ?? null,
		lastName: u.last_name ?? null,
	};
}

function luCompletion(s: LuState, e: Json): Json {
	return {
		enrollmentId: e.id,
		courseId: e.course_id,
		courseName: e.course_name,
		courseReferenceCode: s.courses.find((c) => c.id === e.course_id)?.reference_code ?? null,
		user: luUser(s, e.user_id),
		enrollmentStatus: e.status,
		percentage: e.percentage ?? null,
		dateCompleted: e.date_completed,
	};
}

const learnUponDialect: WebhookDialect = {
	defaultSecret: 'lu-sandbox-webhook-secret-1',
	variants: ['v2', 'v1'],
	eventsIn(state) {
		const s = luState(state);
		const out = new Map<string, OutgoingEvent>();
		for (const e of s.enrollments) {
			if (e.status !== 'completed' && e.status !== 'passed') continue;
			out.set(`completion:${String(e.id)}:${String(e.date_completed)}`, {
				type: 'course_completion',
				payload: luCompletion(s, e),
			});
		}
		return out;
	},
	build(type, args, state) {
		const s = luState(state);
		if (isObj(args.event)) return { type, payload: args.event };
		const extra = isObj(args.fields) ? args.fields : {};
		if (args.enrollmentId !== undefined) {
			const e = s.enrollments.find((x) => String(x.id) === String(args.enrollmentId));
			if (!e) throw new Error(`no such enrollment: ${String(args.enrollmentId)}`);
			return { type, payload: { ...luCompletion(s, e), ...extra } };
		}
		const user = luUser(s, args.userId);
		const at = new Date(args.at === undefined ? Date.now() : Number(args.at)).toISOString();
		if (type === 'learning_path_completion') {
			return { type, payload: { user, dateCompleted: at, ...extra } };
		}
		const course = s.courses.find((c) => String(c.id) === String(args.courseId));
		if (!course) throw new Error(`no such course: ${String(args.courseId)}`);
		return {
			type,
			payload: { courseId: course.id, courseName: course.name, user, dateCompleted: at, ...extra },
		};
	},
	requests(events, endpoint, signature) {
		const secret = signature === 'forged' ? FORGED_SECRET : endpoint.secret;
		if (endpoint.variant === 'v1') {
			// v1: one event a POST; the MD5 covers the JSON without the signature element.
			return events.map((event) => {
				const unsigned = { header: { version: '1.0', webHookType: event.type }, ...event.payload };
				const signatureValue = createHash('md5')
					.update(`${JSON.stringify(unsigned)}:${secret}`)
					.digest('hex');
				const header =
					signature === 'none'
						? unsigned.header
						: { ...unsigned.header, signature: signatureValue };
				return {
					body: JSON.stringify({ ...unsigned, header }),
					headers: { 'content-type': 'application/json' },
				};
			});
		}
		// v2: one POST per type, up to 10 events each, the type and signature in headers.
		const out: Array<{ body: string; headers: Record<string, string> }> = [];
		const byType = new Map<string, Json[]>();
		for (const event of events)
			byType.set(event.type, [...(byType.get(event.type) ?? []), event.payload]);
		for (const [type, payloads] of byType) {
			for (let i = 0; i < payloads.length; i += 10) {
				const body = JSON.stringify({ data: payloads.slice(i, i + 10) });
				const headers: Record<string, string> = {
					'content-type': 'application/json',
					'x-webhook-type': type,
					'x-webhook-id': randomUUID(),
				};
				if (signature !== 'none')
					headers['x-webhook-signature'] = createHmac('sha256', secret).update(body).digest('hex');
				out.push({ body, headers });
			}
		}
		return out;
	},
};

export const DIALECTS = {
	learnworlds: lwDialect('v1=lw-sandbox-webhook-signature-1', ['preShared']),
	grow: lwDialect('grow-sandbox-webhook-secret-1', ['preShared', 'hmacSha256']),
	learnupon: learnUponDialect,
} as const;
