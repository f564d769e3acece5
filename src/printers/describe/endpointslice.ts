/** `kubectl describe endpointslice` (discovery.k8s.io/v1). */
import type { Event } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { describeEvents } from './events.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './object-meta.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, PrefixWriter } from './prefix-writer.js';
import { tabbedString } from './tabwriter.js';

const orUnset = (v: string | undefined | null): string => (v === undefined || v === null ? '<unset>' : v);

export function describeEndpointSlice(eps: EndpointSlice, events: Event[] | undefined, now: Date): string {
  return tabbedString((out) => {
    const w = new PrefixWriter(out);
    const meta = eps.metadata ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    w.write(LEVEL_0, `AddressType:\t${eps.addressType}\n`);
    const ports = eps.ports ?? [];
    if (ports.length === 0) {
      w.write(LEVEL_0, 'Ports: <unset>\n');
    } else {
      w.write(LEVEL_0, 'Ports:\n');
      w.write(LEVEL_1, 'Name\tPort\tProtocol\n');
      w.write(LEVEL_1, '----\t----\t--------\n');
      for (const p of ports) {
        const name = p.name ? p.name : '<unset>';
        const port = p.port === undefined || p.port === null ? '<unset>' : String(p.port);
        w.write(LEVEL_1, `${name}\t${port}\t${p.protocol ?? ''}\n`);
      }
    }
    const endpoints = eps.endpoints ?? [];
    if (endpoints.length === 0) {
      w.write(LEVEL_0, 'Endpoints: <none>\n');
    } else {
      w.write(LEVEL_0, 'Endpoints:\n');
      for (const ep of endpoints) {
        const addresses = (ep.addresses ?? []).join(', ');
        w.write(LEVEL_1, `- Addresses:\t${addresses || '<none>'}\n`);
        w.write(LEVEL_2, 'Conditions:\n');
        const ready = ep.conditions?.ready;
        w.write(LEVEL_3, `Ready:\t${ready === undefined || ready === null ? '<unset>' : String(ready)}\n`);
        w.write(LEVEL_2, `Hostname:\t${orUnset(ep.hostname)}\n`);
        if (ep.targetRef) w.write(LEVEL_2, `TargetRef:\t${ep.targetRef.kind ?? ''}/${ep.targetRef.name ?? ''}\n`);
        w.write(LEVEL_2, `NodeName:\t${orUnset(ep.nodeName)}\n`);
        w.write(LEVEL_2, `Zone:\t${orUnset(ep.zone)}\n`);
      }
    }
    if (events) describeEvents(events, w, now);
  });
}
