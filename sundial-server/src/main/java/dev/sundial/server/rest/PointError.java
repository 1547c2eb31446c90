package dev.sundial.server.rest;

/**
 * Why one JSON point of a request was refused.
 *
 * @param index  the point's position in the request's array (0 for a single object)
 * @param field  where in the point: {@code timestamp}, {@code tags.host}, {@code values.usage}, a
 *               top-level key, or null for the point as a whole
 * @param reason what is wrong, for a person
 */
public record PointError(long index, String field, String reason) {
}
