-- The photos of a news item (§5.5) and the version of what the public API shows.
-- Timestamps are milliseconds since the Unix epoch (UTC); ids are UUIDv7 text.

-- Photos of the item's own unit, in the author's order; the body shows them by id
-- (`![подпись](media:<id>)`) and the cover, one of them, leads the item on lists.
-- Publishing the item publishes its photos; unpublishing takes them off their public
-- addresses unless another published item shows them.
CREATE TABLE news_photos (
    news_id   TEXT NOT NULL REFERENCES news (id),
    media_id  TEXT NOT NULL REFERENCES media (id),
    position  INTEGER NOT NULL,
    caption   TEXT,
    is_cover  BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (news_id, media_id)
);
CREATE INDEX news_photos_media ON news_photos (media_id);
CREATE UNIQUE INDEX news_photos_one_cover ON news_photos (news_id) WHERE is_cover;

-- The public lists: published items newest first, across the union and per organization, so
-- that a page deep in the list costs what the first costs (keyset paging on these keys).
CREATE INDEX news_public ON news (published_at DESC, id DESC) WHERE state = 'published';
CREATE INDEX news_public_unit ON news (unit_id, published_at DESC, id DESC) WHERE state = 'published';

-- Grows with every change to what the public API shows, in the transaction of the change.
-- Every instance keeps rendered public answers stamped with the version they were read at and
-- polls this row: a change made anywhere reaches every instance's cache within the poll.
CREATE TABLE public_version (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  INTEGER NOT NULL
);
INSERT INTO public_version (id, version) VALUES (1, 1);
