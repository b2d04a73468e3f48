package com.example.shop;

import io.ferry.FerryConfiguration;
import java.util.Map;
import org.apache.camel.main.Main;

/**
 * The shop's Camel Main application. Besides its own routes (src/main/resources/shop/), it runs Ferry's: Ferry's
 * beans come from {@link FerryConfiguration}, its routes from the {@code routes/} folder of Ferry's jar, its defaults
 * from {@code ferry/application.properties} in that jar. The shop's {@code application.properties} says which routes
 * to load and sets Ferry's keys the shop needs; secrets come from environment variables, as for Ferry on its own.
 */
public final class ShopApp {

    private ShopApp() {
    }

    /** The application, not started; {@code settings} win over every file (the tests point it at a sandbox). */
    public static Main create(Map<String, String> settings) {
        Main main = new Main(ShopApp.class);
        // The shop's own file, then Ferry's defaults: the first location that has a key gives its value, so a key set
        // in both takes the shop's.
        main.setPropertyPlaceholderLocations("classpath:application.properties,classpath:ferry/application.properties");
        main.configure().addConfiguration(new FerryConfiguration());
        settings.forEach(main::addOverrideProperty);
        return main;
    }

    public static void main(String[] args) throws Exception {
        create(Map.of()).run(args);
    }
}
