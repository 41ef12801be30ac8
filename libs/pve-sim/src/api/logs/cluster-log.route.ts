import type { RouteDefinition } from '../../routes/route';
import { clusterLogEvents } from './task-log-events';

// Source: pve-manager PVE/API2/Cluster.pm log and pve-cluster's clusterlog (what every
// node's daemons log cluster-wide, newest first). Without Sys.Syslog on / a caller sees
// only its own entries.

const DEFAULT_MAX = 50;

export const clusterLogRoute: RouteDefinition = {
  method: 'GET',
  path: '/cluster/log',
  parameters: { max: { type: 'integer', optional: true, minimum: 1 } },
  permissions: { user: 'all' },
  handle: ({ params, access }, { state }) => {
    const admin = access.check('/', ['Sys.Syslog'], { noerr: true });
    // Newest first; within one second, in reverse of the order they were logged.
    const events = clusterLogEvents(state)
      .filter((event) => admin || event.user === access.authId)
      .reverse()
      .sort((a, b) => b.time - a.time);
    return events.slice(0, Number(params['max'] ?? DEFAULT_MAX)).map((event, index) => {
      const uid = events.length - index;
      return {
        uid,
        id: `${uid}:${event.node}`,
        time: event.time,
        pri: 6,
        tag: event.tag,
        pid: event.pid,
        node: event.node,
        user: event.user,
        msg: event.msg,
      };
    });
  },
};
