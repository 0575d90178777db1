// The pki lines of `strata --help`, apart from the command so that printing
// help (or running any other command) does not load the X.509 stack.
export const PKI_HELP = `  pki plan   list a cluster's control-plane PKI and simulate its rotation
             (--cluster NAME [--from DATE] [--days N])
  pki issue  issue, or renew what is due, into --out DIR outside git
             (--cluster NAME [--only NAME]… [--renew])
  pki verify check a key folder (--dir DIR): chains, curves, validity, SANs,
             days left and what is due`;
