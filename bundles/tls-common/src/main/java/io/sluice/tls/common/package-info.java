/**
 * The provider-independent part of a JSSE-style TLS provider: stunnel's verification rules
 * (verifyChain, verifyPeer, checkHost, checkIP, the connect host), version and suite selection,
 * SNI, and the engine setup. Exported so that io.sluice.tls.bc runs the very same code over BCJSSE.
 */
package io.sluice.tls.common;
