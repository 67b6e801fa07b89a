import type { MockContext } from '../context.js';
import type { Route } from '../router.js';
import { serviceRoutes } from './services-common.js';

/** Databases deploy from their settings alone: the deploy takes no body. */
export const databaseRoutes = (ctx: MockContext): Route[] => serviceRoutes(ctx, 'database');
