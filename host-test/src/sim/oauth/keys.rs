//! Signing keys of the seeded service apps.
//!
//! Generating a 2048-bit RSA key at start-up takes seconds in debug builds, so
//! the RSA service app uses this fixed test key, generated once with
//! `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`. It protects
//! nothing but the simulator. The P-256 key is derived from the seed instead.

use super::super::rng::Rng;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey};
use p256::pkcs8::{EncodePrivateKey, LineEnding};

const RSA_PRIVATE_PEM: &str = "\
-----BEGIN PRIVATE KEY-----
MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDP9qliCu0R11kT
ytJENOaHsu1sYLCGQHnExJe/gEzYhVeeXlALuojv2YgIiYwC7n8XF07hkoERJsmj
aSuVws2bcutwnC9Cpe5+ZHbeExL5uWJGKWf/U+P/tqsIbj9Crh4IMGEBRFjX0d3P
Rcon2MiGwXPS+KYwciWax7hxQvOeFJWwqvztwRX4Mer+4d9ESa5VnO6g7/Jq/1hX
AjIU3iqh9YvfH4ZNd6tEo7UL40kelNB+rr7R059hE91+LHMB5YMBChSX+89h99gH
mcs+eX9y3RVAuIbT36BXk0TfV0HU8+QrBRbIbKtb+70/CkZgP3jNtMPuOnW8aozg
txl4k2gBAgMBAAECggEADwtUA5Cwx7qhagohHegJyUVLYay4+G1PoclrBOJ+LKew
x/cgqUiMQXWmHp/8rfWc4gnAnhbgGWKJ8bVY/tOB1j4BBDt4O8UPNLuF0djlZYVg
s5ypNlJWSxhm1QxMrUE1UPhW/CV6m9pFxonQ7wMCtqTmARwVwalwSPsrv53NS+El
2fMacn9Lx7CbU0iRS/2r43LxXoknRvpZm4uf2G4J1CG6hG2CnJT7VGWz0jHhVR4u
HOpfJf6bXMUzGHDR/lpKp5eTgHH8SJWkjRNBi3epLOiVr1wugP9DmrHE1lYQz08f
+d4xmYaukI7qERUVQRLdfNvSfrQMZhCUWJSHVB1kpQKBgQD5xtBEMhcSFHryMZEd
MDQxMkHbPkkvInCVF6ps3GVQ711gZo01Sdnhsiivftjkd08hG/yTFepwouzIjeP4
HwX+r87/3dRXaScI20eMLfhDTN0YNbLiONvLv3JF0KB6RM2y6NdL4ymHgi9Xcpl9
QhPjJIjmAZyYio7cgeQxisuFAwKBgQDVJSVFJZ7E0lxdMD5r+hzyacbq6mz+/z/z
Clv2B+9cJTM22x1bUpT9mtkuRS/I3z1Nl3qau3An6zW45J/S5F6gIc8U8SaejI45
PRIeTZ5N/Z+Ehk3zzz4dYm+Ihz2aL3GqNlgnrXfWFQHf/nzc30+tpoI+OgTiiMtp
5UiENy2FqwKBgBX4xDdLhLYFcS8+5vn/VIgDWMG1f/CSgf7LfyVmWc89zyP8wW0v
muf8qRGPAftO93n9IUG7Cs1vt46I1MXtzLQzuOzPEa/CwzlHOMr+/DjHWSeZCaxW
vhb1N1Mm4AcBaGrViqLVT8Do1ctGfHQFTQSNITHCcIkGnzyMfItTH0YLAoGAadlS
ku5F1HSrTdQBi9nfujrxgAP/MPtNpMLGPH5gTiBjOKDECXAPcYoOxL2zJ0xFw1yw
lFr1Lb3PJgzTmgWzQE7J6hqAFUiz8JT1hHsDXLPRHh0cZTHMJQeXX/PZkdJx3hey
27F3y6cPEU/ubjmv9gq0r3ZcqqtIaURmKNLGFpUCgYBvJ4p/NCp6pxOFXPKjoGpe
XUCy8kWCfd6aV5kvHfLfsqL25Zih+uegSys7jWK1LQKzTwYz3pKvOBkOrYbgpKwH
6DJQ1PUMLsADuE0YI5Hpt7dDO3DAk5ADW9sze31jHZMZ+QZ6hJ/Mje/iFuiuyPRz
xAGxOElQseodcwYddKw7gg==
-----END PRIVATE KEY-----
";

const RSA_PUBLIC_PEM: &str = "\
-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAz/apYgrtEddZE8rSRDTm
h7LtbGCwhkB5xMSXv4BM2IVXnl5QC7qI79mICImMAu5/FxdO4ZKBESbJo2krlcLN
m3LrcJwvQqXufmR23hMS+bliRiln/1Pj/7arCG4/Qq4eCDBhAURY19Hdz0XKJ9jI
hsFz0vimMHIlmse4cULznhSVsKr87cEV+DHq/uHfREmuVZzuoO/yav9YVwIyFN4q
ofWL3x+GTXerRKO1C+NJHpTQfq6+0dOfYRPdfixzAeWDAQoUl/vPYffYB5nLPnl/
ct0VQLiG09+gV5NE31dB1PPkKwUWyGyrW/u9PwpGYD94zbTD7jp1vGqM4LcZeJNo
AQIDAQAB
-----END PUBLIC KEY-----
";

/// A registered client key: what the org verifies with, and the private half
/// handed to tests.
pub(crate) struct ClientKey {
    pub kid: String,
    pub alg: Algorithm,
    pub public: DecodingKey,
    pub private_pem: String,
}

pub(super) fn rsa(rng: &mut Rng) -> ClientKey {
    ClientKey {
        kid: rng.alphanumeric(43),
        alg: Algorithm::RS256,
        public: DecodingKey::from_rsa_pem(RSA_PUBLIC_PEM.as_bytes()).expect("embedded RSA key"),
        private_pem: RSA_PRIVATE_PEM.to_string(),
    }
}

/// A P-256 key whose scalar comes from the seed (re-drawn in the negligible
/// case that 32 random bytes are not a valid scalar).
pub(super) fn p256(rng: &mut Rng) -> ClientKey {
    let secret = loop {
        let bytes: Vec<u8> = (0..4).flat_map(|_| rng.next_u64().to_be_bytes()).collect();
        if let Ok(key) = p256::SecretKey::from_slice(&bytes) {
            break key;
        }
    };
    let point = p256::elliptic_curve::sec1::ToEncodedPoint::to_encoded_point(&secret.public_key(), false);
    let (x, y) = (URL_SAFE_NO_PAD.encode(point.x().unwrap()), URL_SAFE_NO_PAD.encode(point.y().unwrap()));
    ClientKey {
        kid: rng.alphanumeric(43),
        alg: Algorithm::ES256,
        public: DecodingKey::from_ec_components(&x, &y).expect("valid P-256 point"),
        private_pem: secret.to_pkcs8_pem(LineEnding::LF).expect("P-256 PKCS#8").to_string(),
    }
}
