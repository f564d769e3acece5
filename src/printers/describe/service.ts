/** `kubectl describe service`. */
import type { Event, LoadBalancerIngress, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { formatLabels } from '../../labels/selector.js';
import { describeEvents } from './events.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './object-meta.js';
import { joinHostPort } from './pod-template.js';
import { LEVEL_0, PrefixWriter } from './prefix-writer.js';
import { tabbedString } from './tabwriter.js';

/** `ip[ (ipMode)]` or hostname per ingress point, joined with `, `. */
export function buildIngressString(ingress: LoadBalancerIngress[]): string {
  return ingress
    .map((i) => {
      if (i.ip) return (i as { ipMode?: string }).ipMode ? `${i.ip} (${(i as { ipMode?: string }).ipMode})` : i.ip;
      return i.hostname ?? '';
    })
    .join(', ');
}

/**
 * The Endpoints cell: `addr:port` for each ready (or readiness-unknown) endpoint of the slices,
 * counting only slice ports whose name is in `portNames` (all ports when undefined); at most 3,
 * then ` + N more...`. Slices without ports list bare addresses. No slices at all: `<none>`.
 */
export function formatEndpointSlices(slices: EndpointSlice[], portNames?: ReadonlySet<string>): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  const isReady = (ready: boolean | undefined): boolean => ready === undefined || ready === null || ready;
  for (const slice of slices) {
    const endpoints = slice.endpoints ?? [];
    const ports = slice.ports ?? [];
    if (ports.length === 0) {
      for (const ep of endpoints) {
        if (list.length === max) more = true;
        if (!isReady(ep.conditions?.ready)) continue;
        if (!more) list.push(ep.addresses?.[0] ?? '');
        count++;
      }
      continue;
    }
    for (const port of ports) {
      if (portNames !== undefined && !portNames.has(port.name ?? '')) continue;
      for (const ep of endpoints) {
        if (list.length === max) more = true;
        if (!isReady(ep.conditions?.ready)) continue;
        if (!more) list.push(joinHostPort(ep.addresses?.[0] ?? '', String(port.port ?? 0)));
        count++;
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export function describeService(svc: Service, slices: EndpointSlice[], events: Event[] | undefined, now: Date): string {
  return tabbedString((out) => {
    const w = new PrefixWriter(out);
    const meta = svc.metadata ?? {};
    const spec = svc.spec ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec.type ?? ''}\n`);
    if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    const families = spec.ipFamilies ?? [];
    w.write(LEVEL_0, `IP Families:\t${families.length > 0 ? families.join(',') : '<none>'}\n`);
    w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
    const ips = spec.clusterIPs ?? [];
    w.write(LEVEL_0, `IPs:\t${ips.length > 0 ? ips.join(',') : '<none>'}\n`);
    if ((spec.externalIPs ?? []).length > 0) w.write(LEVEL_0, `External IPs:\t${spec.externalIPs!.join(',')}\n`);
    if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
    const ingress = svc.status?.loadBalancer?.ingress ?? [];
    if (ingress.length > 0) w.write(LEVEL_0, `LoadBalancer Ingress:\t${buildIngressString(ingress)}\n`);
    for (const sp of spec.ports ?? []) {
      const name = sp.name ? sp.name : '<unset>';
      const proto = sp.protocol ?? '';
      w.write(LEVEL_0, `Port:\t${name}\t${sp.port}/${proto}\n`);
      w.write(LEVEL_0, `TargetPort:\t${sp.targetPort ?? 0}/${proto}\n`);
      if (sp.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${sp.nodePort}/${proto}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, new Set([sp.name ?? '']))}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
    if (spec.externalTrafficPolicy) w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy) w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if ((spec.loadBalancerSourceRanges ?? []).length > 0) {
      w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges!.join(',')}\n`);
    }
    const trafficDistribution = (spec as { trafficDistribution?: string }).trafficDistribution;
    if (trafficDistribution) w.write(LEVEL_0, `Traffic Distribution:\t${trafficDistribution}\n`);
    if (events) describeEvents(events, w, now);
  });
}
