import type { RouteDefinition } from './route';

export interface RouteMatch {
  readonly route: RouteDefinition;
  /** Values of the `{name}` segments. */
  readonly pathParams: Readonly<Record<string, string>>;
}

// PVE::RESTHandler registers `{name}` segments with the default regex `\S+`.
const PATH_PARAMETER_VALUE = /^\S+$/;

/** A template segment: the text it must equal, or the parameter it names. */
type TemplateSegment = { literal: string } | { parameter: string };

// Every request walks the route table: each route's template is split once, not per request.
const templates = new WeakMap<RouteDefinition, readonly TemplateSegment[]>();

function templateOf(route: RouteDefinition): readonly TemplateSegment[] {
  let template = templates.get(route);
  if (!template) {
    template = pathSegments(route.path).map((part) => {
      const parameter = /^\{([\w-]+)\}$/.exec(part)?.[1];
      return parameter === undefined ? { literal: part } : { parameter };
    });
    templates.set(route, template);
  }
  return template;
}

/** Splits a path the way PVE's find_handler does: on runs of '/', skipping empty fragments. */
export function pathSegments(path: string): string[] {
  return path.split(/\/+/).filter((segment) => segment.length > 0);
}

/** Finds the route for a method and a decoded path below /api2/json. */
export function matchRoute(
  routes: readonly RouteDefinition[],
  method: string,
  path: string,
): RouteMatch | undefined {
  const segments = pathSegments(path);
  for (const route of routes) {
    if (route.method !== method) continue;
    const template = templateOf(route);
    // The rest of the URI, however many segments, is the last parameter's value.
    const actual =
      route.restOfPath && segments.length > template.length
        ? [...segments.slice(0, template.length - 1), segments.slice(template.length - 1).join('/')]
        : segments;
    const pathParams = matchSegments(template, actual);
    if (pathParams) return { route, pathParams };
  }
  return undefined;
}

function matchSegments(
  template: readonly TemplateSegment[],
  actual: readonly string[],
): Record<string, string> | undefined {
  if (template.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of template.entries()) {
    const value = actual[index] ?? '';
    if ('literal' in part) {
      if (part.literal !== value) return undefined;
    } else {
      if (!PATH_PARAMETER_VALUE.test(value)) return undefined;
      params[part.parameter] = value;
    }
  }
  return params;
}
