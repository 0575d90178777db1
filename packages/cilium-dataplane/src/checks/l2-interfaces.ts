import type { SpecIssue } from '@strata/core';
import type { CiliumBlock } from '../schema.ts';
import { C } from './common.ts';

/** The literal text a `^`-anchored pattern starts with, up to its first metacharacter (a quantified last character left out). */
function literalPrefix(pattern: string): string {
  let out = '';
  for (let i = 1; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) break; // \d, \w … are classes
      out += next;
      i++;
      continue;
    }
    if ('.[](){}|^$*+?'.includes(ch)) {
      // `eth?` makes the `h` optional: it is not part of every match.
      if ('*?{'.includes(ch)) out = out.slice(0, -1);
      break;
    }
    out += ch;
  }
  return out;
}

/**
 * Whether an L2 interface pattern (a Go regex, matched against interface
 * names) can select a device of `devices` (a name, or a prefix glob `enp+`).
 * For a glob the pattern must be able to match a name with that prefix: an
 * unanchored pattern always can; a `^`-anchored one when its literal start
 * and the prefix agree as far as both go.
 */
export function patternSelectsDevice(pattern: string, device: string): boolean {
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch {
    return true; // RE2 syntax JavaScript lacks: give it the benefit of the doubt
  }
  if (!device.endsWith('+')) return re.test(device);
  const prefix = device.slice(0, -1);
  if (re.test(prefix)) return true;
  if (!pattern.startsWith('^')) return true;
  const lit = literalPrefix(pattern);
  return lit.startsWith(prefix) || prefix.startsWith(lit);
}

/**
 * L2 announcements answer ARP only on Cilium's devices: an `interfaces`
 * pattern that selects none of `devices` announces nothing. With `devices`
 * auto-detected, strata cannot tell, and says so.
 */
export function checkL2Interfaces(block: CiliumBlock, issues: SpecIssue[]): void {
  const l2 = block.l2Announcements;
  const interfaces = l2.interfaces ?? [];
  if (!l2.enabled || interfaces.length === 0) return;
  const I = [...C, 'l2Announcements', 'interfaces'];
  const devices = block.devices;
  if (devices === undefined || devices.length === 0) {
    issues.push({
      path: I,
      severity: 'warning',
      message: 'spec.cilium.devices is not set, so Cilium picks its devices itself and strata cannot check that these interfaces are among them; L2 announcements answer ARP on Cilium\'s devices only',
      hint: 'list the node interfaces in spec.cilium.devices',
    });
    return;
  }
  interfaces.forEach((pattern, i) => {
    if (devices.some((d) => patternSelectsDevice(pattern, d))) return;
    issues.push({
      path: [...I, i],
      message: `"${pattern}" selects none of spec.cilium.devices (${devices.join(', ')}); L2 announcements answer ARP on Cilium's devices only, so nothing is announced on it`,
      hint: 'add the interface to spec.cilium.devices, or change the pattern to one of them',
    });
  });
}
