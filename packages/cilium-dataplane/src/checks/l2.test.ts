import { problemLines } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import { load } from '../__fixtures__/spec.ts';
import { patternSelectsDevice } from './l2-interfaces.ts';

const l2 = (interfaces: string[], devices?: string[]) => ({ ...(devices === undefined ? {} : { devices }), l2Announcements: { enabled: true, interfaces } });

describe('L2 announcement interfaces', () => {
  it('rejects an interface outside devices, at the pattern, with file:line:col', () => {
    const found = load(l2(['^eth0$', '^wlan0$'], ['eth0']));
    expect(found.lines).toEqual([
      'cluster.yaml:41:11 spec.cilium.l2Announcements.interfaces[1]: "^wlan0$" selects none of spec.cilium.devices (eth0); L2 announcements answer ARP on Cilium\'s devices only, so nothing is announced on it',
    ]);
    expect(found.findings[0]?.hint).toBe('add the interface to spec.cilium.devices, or change the pattern to one of them');
  });

  it('accepts patterns that select a device by name or by glob', () => {
    expect(problemLines(load(l2(['^eth[0-9]+', '^enp3s0$', 'bond'], ['eth0', 'enp+', 'bond0'])).findings, 'all')).toEqual([]);
  });

  it('warns that it cannot check when devices are auto-detected', () => {
    expect(problemLines(load(l2(['^eth0$'])).findings, 'all')).toEqual([
      'spec.cilium.l2Announcements.interfaces: warning: spec.cilium.devices is not set, so Cilium picks its devices itself and strata cannot check that these interfaces are among them; L2 announcements answer ARP on Cilium\'s devices only',
    ]);
  });

  it('says nothing when L2 announcements are off', () => {
    expect(problemLines(load({ devices: ['eth0'], l2Announcements: { enabled: false, interfaces: ['^wlan0$'] } }).findings, 'all')).toEqual([]);
  });
});

describe('patternSelectsDevice', () => {
  it.each([
    ['^eth[0-9]+', 'eth0', true],
    ['^eth[0-9]+', 'eth+', true],
    ['^enp3s0$', 'enp+', true],
    ['^e', 'enp+', true],
    ['^wlan', 'enp+', false],
    ['^eth[0-9]+', 'enp+', false],
    ['^et?h0', 'e+', true],
    ['lan', 'enp+', true],
    ['^eth0$', 'eth1', false],
  ])('%s against %s is %s', (pattern, device, expected) => {
    expect(patternSelectsDevice(pattern, device)).toBe(expected);
  });
});
