package io.mtc4j.ca;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The intake policy as the HTTP intake calls it: one JSON request object of {@code POST /v1/requests} becomes a
 * validated {@link IssuanceRequest}, or is refused with a {@link CaException} naming the field (under the given
 * JSON path prefix, e.g. {@code requests[3].dns[0]}) and the rule. {@code io.mtc4j.ca.intake.RequestPolicy}
 * implements it.
 */
@FunctionalInterface
public interface RequestChecker {
    /**
     * Checks one request.
     *
     * @param request the JSON request object
     * @param field   its JSON path, the prefix of every field an error names
     * @return the validated request
     * @throws CaException naming the field and the rule
     */
    IssuanceRequest check(JsonNode request, String field);
}
