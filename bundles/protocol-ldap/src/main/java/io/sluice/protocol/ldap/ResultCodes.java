package io.sluice.protocol.ldap;

/** RFC 4511 Appendix A's names of the result codes a StartTLS request may get. */
final class ResultCodes {

    private ResultCodes() {
    }

    static String name(int code) {
        return switch (code) {
            case 1 -> "operationsError: TLS is already on, or another operation is in progress";
            case 2 -> "protocolError: the server does not support StartTLS";
            case 3 -> "timeLimitExceeded";
            case 7 -> "authMethodNotSupported";
            case 8 -> "strongerAuthRequired";
            case 11 -> "adminLimitExceeded";
            case 12 -> "unavailableCriticalExtension";
            case 13 -> "confidentialityRequired";
            case 50 -> "insufficientAccessRights";
            case 51 -> "busy";
            case 52 -> "unavailable: the server has no TLS configured";
            case 53 -> "unwillingToPerform";
            case 80 -> "other";
            default -> "see RFC 4511 Appendix A";
        };
    }
}
