package cn.fazhi.pulse.store.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordsTest {

    @Test
    void shouldMatchOnlyTheSamePasswordWhenHashed() {
        String hash = Passwords.hash("correct horse battery".toCharArray());

        assertThat(hash).startsWith("$2y$12$").doesNotContain("correct");
        assertThat(Passwords.matches(hash, "correct horse battery".toCharArray())).isTrue();
        assertThat(Passwords.matches(hash, "correct horse batterY".toCharArray())).isFalse();
    }

    @Test
    void shouldSaltEachHashWhenTheSamePasswordIsHashedTwice() {
        assertThat(Passwords.hash("same password here".toCharArray())).isNotEqualTo(Passwords.hash("same password here".toCharArray()));
    }

    @Test
    void shouldRefuseWhenThePasswordIsTooShort() {
        assertThatThrownBy(() -> Passwords.requireAcceptable("short".toCharArray())).isInstanceOf(AccessException.class).hasMessageContaining("at least");
    }

    @Test
    void shouldGenerateAnAcceptableFreshPasswordWhenAsked() {
        char[] one = Passwords.generate();

        Passwords.requireAcceptable(one);
        assertThat(new String(one)).isNotEqualTo(new String(Passwords.generate()));
    }

    @Test
    void shouldStoreOnlyAHashAndMatchInConstantTimeWhenATokenIsIssued() {
        String token = SecretTokens.generate(SecretTokens.API_PREFIX);

        assertThat(token).startsWith("fzt_").hasSizeGreaterThanOrEqualTo(4 + 43);
        assertThat(SecretTokens.matches(SecretTokens.hash(token), token)).isTrue();
        assertThat(SecretTokens.matches(SecretTokens.hash(token), token + "x")).isFalse();
    }
}
