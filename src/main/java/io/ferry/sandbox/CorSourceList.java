package io.ferry.sandbox;

import java.util.List;

/** The {@code metadata.source} values COR documents; anything else is an InvalidSourceError. */
final class CorSourceList {

    static final List<String> ALLOWED = List.of("JIRA", "SALESFORCE", "ADVERTMIND", "QUICKBOOKS",
            "ZAPIER", "OKTA", "MICROSOFT_DYNAMICS", "GITHUB", "MICROSOFT_TEAMS", "VBS", "SAP", "GLOBANT");

    /** The one source with an extra rule: a rate's effective date and last update fall on the same day. */
    static final String GLOBANT = "GLOBANT";

    private CorSourceList() {
    }
}
