//! Password hashing with argon2id at OWASP's parameters (m = 19 MiB, t = 2, p = 1), run off the
//! async workers and at most `concurrency` at a time, so a burst of logins queues instead of
//! stalling every other request.

use std::sync::{Arc, LazyLock};

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::error::ApiError;

#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
}

fn argon2() -> Argon2<'static> {
    // OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane.
    #[allow(clippy::unwrap_used)] // constant parameters within argon2's bounds
    let params = Params::new(19 * 1024, 2, 1, None).unwrap();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash of a random password no account has, verified when the login is unknown so that
/// a wrong login and a wrong password take the same time.
static DECOY: LazyLock<String> = LazyLock::new(|| {
    argon2().hash_password(uuid::Uuid::new_v4().to_string().as_bytes()).map(|h| h.to_string()).unwrap_or_default()
});

impl Hasher {
    pub fn new(concurrency: usize) -> Self {
        Hasher { permits: Arc::new(Semaphore::new(concurrency.max(1))) }
    }

    pub async fn hash(&self, password: &str) -> Result<String, ApiError> {
        let password = password.to_owned();
        self.run(move || argon2().hash_password(password.as_bytes()).map(|h| h.to_string()).map_err(|e| e.to_string()))
            .await
    }

    /// Whether `password` matches `hash`; with `hash = None`, spends the same time and says no.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> Result<bool, ApiError> {
        let password = password.to_owned();
        let hash = hash.map(str::to_owned);
        self.run(move || {
            let stored = hash.as_deref().unwrap_or(DECOY.as_str());
            let parsed = PasswordHash::new(stored).map_err(|e| e.to_string())?;
            Ok(argon2().verify_password(password.as_bytes(), &parsed).is_ok() && hash.is_some())
        })
        .await
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, String> + Send + 'static,
    ) -> Result<T, ApiError> {
        let _permit = self.permits.acquire().await.map_err(|_| ApiError::internal())?;
        match tokio::task::spawn_blocking(work).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => {
                tracing::error!(error = %e, "password hashing failed");
                Err(ApiError::internal())
            }
            Err(e) => {
                tracing::error!(error = %e, "password hashing task failed");
                Err(ApiError::internal())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_with_owasp_parameters_and_verify() {
        let hasher = Hasher::new(1);
        let hash = hasher.hash("Профсоюз2024").await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(hasher.verify("Профсоюз2024", Some(&hash)).await.unwrap());
        assert!(!hasher.verify("профсоюз2024", Some(&hash)).await.unwrap());
        assert!(!hasher.verify("Профсоюз2024", None).await.unwrap());
    }
}
