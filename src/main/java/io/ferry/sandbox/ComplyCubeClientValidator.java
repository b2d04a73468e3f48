package io.ferry.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * ComplyCube's client rules, checked on a whole client (a create body, or a stored client merged
 * with an update): type, email, person or company details, date and country formats, metadata
 * limits. {@code incorporationType} is checked against the values ComplyCube's SDK lists.
 */
final class ComplyCubeClientValidator {

    static final int MAX_METADATA_KEYS = 20;
    static final int MAX_METADATA_KEY_LENGTH = 40;
    static final int MAX_METADATA_VALUE_LENGTH = 500;

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Set<String> GENDERS = Set.of("male", "female", "other");
    private static final Set<String> INCORPORATION_TYPES = Set.of("sole_proprietorship",
            "private_limited_company", "public_limited_company", "limited_partnership", "holding_company",
            "non_government_organisation", "statutory_company", "subsidiary_company", "unlimited_partnership",
            "charitable_incorporated_organisation", "chartered_company");

    void validate(ObjectNode client) {
        String type = requiredText(client, "type", "type");
        if (!type.equals("person") && !type.equals("company")) {
            throw invalid("'type' must be one of: person, company", "type");
        }
        String email = requiredText(client, "email", "email");
        if (!EMAIL.matcher(email).matches()) {
            throw invalid("'email' must be a valid email address", "email");
        }
        optionalTexts(client, "", List.of("mobile", "telephone", "externalId"));
        date(client, "joinedDate", "joinedDate");
        if (type.equals("person")) {
            person(client.get("personDetails"));
        } else {
            company(client.get("companyDetails"));
        }
        metadata(client.get("metadata"));
    }

    private void person(JsonNode details) {
        if (details == null || !details.isObject()) {
            throw invalid("'personDetails' must be provided when client type is `person`", "personDetails");
        }
        requiredText(details, "firstName", "personDetails.firstName");
        requiredText(details, "lastName", "personDetails.lastName");
        optionalTexts(details, "personDetails.", List.of("middleName", "ssn", "socialInsuranceNumber",
                "nationalIdentityNumber", "taxIdentificationNumber"));
        date(details, "dob", "personDetails.dob");
        JsonNode gender = details.get("gender");
        if (gender != null && !GENDERS.contains(gender.asText())) {
            throw invalid("'personDetails.gender' must be one of: male, female, other", "personDetails.gender");
        }
        country(details, "nationality", "personDetails.nationality");
        country(details, "birthCountry", "personDetails.birthCountry");
    }

    private void company(JsonNode details) {
        if (details == null || !details.isObject()) {
            throw invalid("'companyDetails' must be provided when client type is `company`", "companyDetails");
        }
        requiredText(details, "name", "companyDetails.name");
        optionalTexts(details, "companyDetails.", List.of("website", "registrationNumber"));
        country(details, "incorporationCountry", "companyDetails.incorporationCountry");
        JsonNode incorporation = details.get("incorporationType");
        if (incorporation != null && !INCORPORATION_TYPES.contains(incorporation.asText())) {
            throw invalid("'companyDetails.incorporationType' is not a valid incorporation type",
                    "companyDetails.incorporationType");
        }
    }

    private void metadata(JsonNode metadata) {
        if (metadata == null) {
            return;
        }
        if (!metadata.isObject()) {
            throw invalid("'metadata' must be an object", "metadata");
        }
        if (metadata.size() > MAX_METADATA_KEYS) {
            throw invalid("'metadata' must not have more than " + MAX_METADATA_KEYS + " keys", "metadata");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().length() > MAX_METADATA_KEY_LENGTH) {
                throw invalid("'metadata' key names must not be longer than " + MAX_METADATA_KEY_LENGTH
                        + " characters", "metadata");
            }
            if (!entry.getValue().isValueNode()) {
                throw invalid("'metadata' values must be strings, numbers or booleans", "metadata");
            }
            if (entry.getValue().asText().length() > MAX_METADATA_VALUE_LENGTH) {
                throw invalid("'metadata' values must not be longer than " + MAX_METADATA_VALUE_LENGTH
                        + " characters", "metadata");
            }
        }
    }

    private static String requiredText(JsonNode node, String field, String param) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            throw invalid("'" + param + "' must be provided", param);
        }
        if (!value.isTextual()) {
            throw invalid("'" + param + "' must be a string", param);
        }
        return value.asText();
    }

    private static void optionalTexts(JsonNode node, String prefix, List<String> fields) {
        for (String field : fields) {
            JsonNode value = node.get(field);
            if (value != null && !value.isTextual()) {
                throw invalid("'" + prefix + field + "' must be a string", prefix + field);
            }
        }
    }

    private static void date(JsonNode node, String field, String param) {
        JsonNode value = node.get(field);
        if (value != null && IsoDates.date(value) == null) {
            throw invalid("'" + param + "' must be a valid date in the format YYYY-MM-DD", param);
        }
    }

    private static void country(JsonNode node, String field, String param) {
        JsonNode value = node.get(field);
        if (value != null && !COUNTRIES.contains(value.asText())) {
            throw invalid("'" + param + "' must be a valid ISO 3166-1 alpha-2 country code", param);
        }
    }

    private static ApiRejection invalid(String message, String param) {
        return ComplyCubeError.invalidRequest(message, param).rejection();
    }
}
