package dev.sundial.server.pgwire.catalog;

/**
 * A statement that reads a PostgreSQL catalog relation or calls a PostgreSQL session function in a
 * form the catalog does not answer yet. pgwire sends it as {@code 0A000} (feature_not_supported):
 * a clear refusal rather than a wrong answer. Its message names the relation.
 */
public final class UnsupportedCatalogQuery extends RuntimeException {
    public UnsupportedCatalogQuery(String message) {
        super(message);
    }
}
