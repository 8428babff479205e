//! Rules for uploaded media: photos (§5.5) and documents (§4.2), checked from their bytes.
