-- A ticket reference may hold 200 characters, counted as code points as the API counts them. H2
-- counts the width of a VARCHAR in UTF-16 units, in which a character beyond U+FFFF (an emoji)
-- takes two, so the column is twice as wide; PostgreSQL counts characters and takes it alike.
ALTER TABLE sessions ALTER COLUMN ticket_ref SET DATA TYPE VARCHAR(400);
