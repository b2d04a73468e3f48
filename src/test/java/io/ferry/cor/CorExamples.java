package io.ferry.cor;

/**
 * The documented example requests (api-reference.md §1.5: every documented field of clients and contracts) and the
 * records that must produce them. Shared by the mapper tests and the end-to-end tests against the sandbox.
 */
final class CorExamples {

    private CorExamples() {
    }

    static final String CLIENT_CSV = "id,name,business_name,email_contact,name_contact,last_name_contact,phone,website,"
            + "description,metadata.source\n"
            + "SF-1001,Acme,Acme Corporation LLC,billing@acme.example,Jane,Doe,+1 555 0100,https://acme.example,"
            + "Key account,SALESFORCE\n";
    static final String CLIENT_CREATE = "{'metadata':{'source':'SALESFORCE'},'id':'SF-1001','name':'Acme',"
            + "'business_name':'Acme Corporation LLC','email_contact':'billing@acme.example','name_contact':'Jane',"
            + "'last_name_contact':'Doe','phone':'+1 555 0100','website':'https://acme.example',"
            + "'description':'Key account'}";

    static final String CLIENT_UPDATE_CSV = "id,name,email_contact,phone,metadata.source\n"
            + "SF-1001,Acme Holdings,ap@acme.example,,SALESFORCE\n";
    static final String CLIENT_UPDATE = "{'metadata':{'source':'SALESFORCE'},'name':'Acme Holdings',"
            + "'email_contact':'ap@acme.example'}";

    static final String CONTRACT_CSV = "id,name,client_id,type,status,start_date,end_date,value,description,currency\n"
            + "CT-2001,Acme retainer 2025,SF-1002,retainer,active,2025-01-01,2025-12-31,12000.50,Monthly retainer,USD\n";
    static final String CONTRACT_CREATE = "{'metadata':{'source':'SALESFORCE'},'id':'CT-2001','name':'Acme retainer 2025',"
            + "'client_id':'SF-1002','type':'retainer','status':'active','start_date':'2025-01-01',"
            + "'end_date':'2025-12-31','value':12000.50,'description':'Monthly retainer','currency':'USD'}";

    static final String CONTRACT_UPDATE_CSV = "id,name,client_id,status,end_date,value\n"
            + "CT-2001,Acme retainer 2025,SF-1002,completed,2025-06-30,6000\n";
    static final String CONTRACT_UPDATE = "{'metadata':{'source':'SALESFORCE'},'name':'Acme retainer 2025',"
            + "'status':'completed','end_date':'2025-06-30','value':6000}";
}
