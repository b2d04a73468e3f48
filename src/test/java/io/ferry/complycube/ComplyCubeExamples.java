package io.ferry.complycube;

/**
 * Jane Doe as a ComplyCube person client (every documented field shape of api-reference.md §2.1 that a person uses)
 * and the records that must produce her create and her update. Shared by the mapper tests and the end-to-end tests.
 */
final class ComplyCubeExamples {

    private ComplyCubeExamples() {
    }

    static final String JANE_CSV = "externalId,type,email,mobile,joinedDate,personDetails.firstName,"
            + "personDetails.lastName,personDetails.dob,personDetails.gender,personDetails.nationality,"
            + "personDetails.birthCountry,metadata.crm_segment\n"
            + "JD-1001,person,jane.doe@example.com,+447700900123,2024-03-01,Jane,Doe,1990-01-01,female,GB,GB,retail\n";
    static final String JANE_CREATE = "{'type':'person','email':'jane.doe@example.com','mobile':'+447700900123',"
            + "'externalId':'JD-1001','joinedDate':'2024-03-01','personDetails':{'firstName':'Jane','lastName':'Doe',"
            + "'dob':'1990-01-01','gender':'female','nationality':'GB','birthCountry':'GB'},"
            + "'metadata':{'crm_segment':'retail','ferry_external_id':'JD-1001'}}";

    // Jane changed her e-mail, gave a telephone and a middle name, and now holds an Irish passport.
    static final String JANE_UPDATE_CSV = "externalId,type,email,telephone,personDetails.firstName,"
            + "personDetails.middleName,personDetails.lastName,personDetails.nationality,metadata.crm_segment\n"
            + "JD-1001,person,jane.doe@example.org,+442079460000,Jane,Mary,Doe,ie,private\n";
    // An update sends what the record has: never type, and neither externalId nor Ferry's metadata key.
    static final String JANE_UPDATE = "{'email':'jane.doe@example.org','telephone':'+442079460000',"
            + "'personDetails':{'firstName':'Jane','middleName':'Mary','lastName':'Doe','nationality':'IE'},"
            + "'metadata':{'crm_segment':'private'}}";
}
