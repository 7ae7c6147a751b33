package cn.fazhi.pulse.store.access;

/**
 * What the account store refuses, with the reason in Chinese and English: an unknown role, a scope
 * that is not a 12-digit code, a clerk above a town, a name taken, an account that does not exist.
 */
public final class AccessException extends RuntimeException {
    private final String messageZh;
    private final String messageEn;

    public AccessException(String messageZh, String messageEn) {
        super(messageZh + " / " + messageEn);
        this.messageZh = messageZh;
        this.messageEn = messageEn;
    }

    public String messageZh() {
        return messageZh;
    }

    public String messageEn() {
        return messageEn;
    }
}
