-- Outreach (tuyên truyền): articles on good practice and exemplary models of the
-- movement, written by staff, published by the office or the leadership on the public
-- pages and in an Atom feed.
CREATE TABLE articles (
    id {{id}},
    title TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    -- plain text; a blank line separates paragraphs
    body TEXT NOT NULL DEFAULT '',
    -- the byline as printed, e.g. "Phòng Quản lý xây dựng"
    byline TEXT NOT NULL DEFAULT '',
    author_id BIGINT REFERENCES users(id),
    -- an optional link to what the article is about: unit, enterprise, initiative, dialogue
    link_kind TEXT NOT NULL DEFAULT '',
    link_id BIGINT,
    -- draft, submitted, published, unpublished
    state TEXT NOT NULL,
    -- why the article was sent back to its author or taken down
    review_note TEXT NOT NULL DEFAULT '',
    published_at {{timestamp}},
    published_by TEXT NOT NULL DEFAULT '',
    search TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
CREATE INDEX articles_published ON articles (state, published_at);
CREATE INDEX articles_author ON articles (author_id, updated_at);

-- The cover image apart from the article, so lists never read it.
CREATE TABLE article_covers (
    article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    content_type TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    size BIGINT NOT NULL,
    content {{blob}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
