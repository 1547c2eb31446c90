package dev.sundial.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The SCRAM-SHA-256 server against RFC 7677's test vector (user "user", password "pencil"), a
 * wrong proof, the mock exchange of an unknown user, malformed messages, and SASLprep.
 */
class ScramServerTest {
    private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String NONCE = "rOprNGfwEbeRWgbNEkqO" + SERVER_NONCE;
    private static final String PROOF = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";

    @Test
    void rfc7677TestVector() {
        ScramVerifier v = ScramVerifier.derive("pencil", SALT, 4096);
        ScramServer server = new ScramServer(v, SERVER_NONCE);
        assertThat(server.serverFirst(CLIENT_FIRST)).isEqualTo("r=" + NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        assertThat(server.verify("c=biws,r=" + NONCE + ",p=" + PROOF)).isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
        assertThat(v.matches("pencil")).isTrue();
        assertThat(v.matches("pencil ")).isFalse();
        assertThat(v.matches("")).isFalse();
    }

    @Test
    void aWrongProofOrAnotherPasswordsVerifierIsRefused() {
        byte[] proof = Base64.getDecoder().decode(PROOF);
        proof[0] ^= 1;
        ScramServer flipped = new ScramServer(ScramVerifier.derive("pencil", SALT, 4096), SERVER_NONCE);
        flipped.serverFirst(CLIENT_FIRST);
        assertThat(flipped.verify("c=biws,r=" + NONCE + ",p=" + Base64.getEncoder().encodeToString(proof))).isNull();
        ScramServer other = new ScramServer(ScramVerifier.derive("pen", SALT, 4096), SERVER_NONCE);
        other.serverFirst(CLIENT_FIRST);
        assertThat(other.verify("c=biws,r=" + NONCE + ",p=" + PROOF)).isNull();
    }

    @Test
    void anUnknownUsersMockExchangeLooksAlikeEachTimeAndNeverSucceeds() {
        byte[] secret = new byte[32];
        ScramVerifier a = ScramVerifier.mock(secret, "mallory");
        ScramVerifier b = ScramVerifier.mock(secret, "mallory");
        assertThat(a.salt()).isEqualTo(b.salt()).hasSize(ScramVerifier.SALT_BYTES);
        assertThat(a.iterations()).isEqualTo(ScramVerifier.ITERATIONS);
        assertThat(ScramVerifier.mock(secret, "eve").salt()).isNotEqualTo(a.salt());
        ScramServer server = new ScramServer(a, SERVER_NONCE);
        server.serverFirst(CLIENT_FIRST);
        assertThat(server.verify("c=biws,r=" + NONCE + ",p=" + PROOF)).isNull();
    }

    @Test
    void malformedMessagesAreErrorsThatSayWhy() {
        ScramVerifier v = ScramVerifier.derive("pencil", SALT, 4096);
        assertThatThrownBy(() -> new ScramServer(v, SERVER_NONCE).serverFirst("p=tls-server-end-point,,n=user,r=abc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel binding");
        assertThatThrownBy(() -> new ScramServer(v, SERVER_NONCE).serverFirst("x,,n=user,r=abc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GS2 header");
        assertThatThrownBy(() -> new ScramServer(v, SERVER_NONCE).serverFirst("n,,r=abc"))
                .isInstanceOf(IllegalArgumentException.class);
        ScramServer s = new ScramServer(v, SERVER_NONCE);
        s.serverFirst(CLIENT_FIRST);
        assertThatThrownBy(() -> s.verify("c=biws,r=" + NONCE + "x,p=" + PROOF)).hasMessageContaining("nonce");
        assertThatThrownBy(() -> s.verify("c=eSws,r=" + NONCE + ",p=" + PROOF)).hasMessageContaining("channel-binding");
        assertThatThrownBy(() -> s.verify("c=biws,r=" + NONCE)).hasMessageContaining("no proof");
        assertThatThrownBy(() -> s.verify("c=biws,r=" + NONCE + ",p=AAAA")).hasMessageContaining("3 bytes");
        // "y": the client could bind but believes the server cannot; accepted, and bound into c=
        ScramServer y = new ScramServer(v, SERVER_NONCE);
        y.serverFirst("y,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        assertThat(y.verify("c=eSws,r=" + NONCE + ",p=" + PROOF)).as("the proof covers c=biws, not c=eSws").isNull();
    }

    @Test
    void saslPrepMapsAndNormalizesAsRfc4013AndFallsBackOnProhibitedCharacters() {
        assertThat(SaslPrep.prepare("I\u00ADX")).isEqualTo("IX"); // soft hyphen mapped to nothing
        assertThat(SaslPrep.prepare("user")).isEqualTo("user");
        assertThat(SaslPrep.prepare("\u00AA")).isEqualTo("a"); // NFKC
        assertThat(SaslPrep.prepare("\u2168")).isEqualTo("IX");
        assertThat(SaslPrep.prepare("a\u00A0b")).isEqualTo("a b"); // non-ASCII space to space
        assertThat(SaslPrep.prepare("a\u0007b")).isEqualTo("a\u0007b"); // prohibited: used as given, as PostgreSQL does
        // the same password through a different but equivalent spelling gives the same verifier
        assertThat(ScramVerifier.derive("\u2168", SALT, 4096)).isEqualTo(ScramVerifier.derive("IX", SALT, 4096));
    }
}
