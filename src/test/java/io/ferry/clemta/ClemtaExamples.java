package io.ferry.clemta;

/**
 * John Doe as a Clemta contact (every documented field of api-reference.md §3.1) and the records that must produce his
 * create and his PATCH. The external_id column keys Ferry's id map and appears in no body.
 */
final class ClemtaExamples {

    private ClemtaExamples() {
    }

    static final String HEADER = "external_id,type,full_name,email,company_id,status,description,cc_emails,bcc_emails,"
            + "billing.email,billing.phone,billing.phone_code,billing.iso_code,billing.country,billing.address_1,"
            + "billing.address_2,billing.postal_code,billing.district,billing.state,billing.province,billing.tax_id\n";

    static final String JOHN_CSV = HEADER
            + "ERP-7001,customer,John Doe,john.doe@example.com,cmp-sandbox-1,active,Key customer,"
            + "accounts@example.com;cfo@example.com,audit@example.com,billing@example.com,5550100,+1,US,United States,"
            + "1 Main St,Suite 100,94105,,CA,,12-3456789\n";
    static final String JOHN_CREATE = "{'type':'customer','full_name':'John Doe','email':'john.doe@example.com',"
            + "'company_id':'cmp-sandbox-1','status':'active','description':'Key customer',"
            + "'cc_emails':['accounts@example.com','cfo@example.com'],'bcc_emails':['audit@example.com'],"
            + "'billing':{'email':'billing@example.com','phone':'5550100','phone_code':'+1','iso_code':'US',"
            + "'country':'United States','address_1':'1 Main St','address_2':'Suite 100','postal_code':'94105',"
            + "'state':'CA','tax_id':'12-3456789'}}";

    // John moved to a new address and now signs with his middle initial; the CFO no longer gets copies.
    static final String JOHN_PATCH_CSV = HEADER
            + "ERP-7001,customer,John A. Doe,john.doe@example.com,cmp-sandbox-1,active,,accounts@example.com,,"
            + "billing@example.com,5550123,+1,us,United States,500 Market St,,94105,,CA,,12-3456789\n";
    static final String JOHN_PATCH = "{'type':'customer','full_name':'John A. Doe','email':'john.doe@example.com',"
            + "'company_id':'cmp-sandbox-1','status':'active','cc_emails':['accounts@example.com'],"
            + "'billing':{'email':'billing@example.com','phone':'5550123','phone_code':'+1','iso_code':'US',"
            + "'country':'United States','address_1':'500 Market St','postal_code':'94105','state':'CA',"
            + "'tax_id':'12-3456789'}}";
}
