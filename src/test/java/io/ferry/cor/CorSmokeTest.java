package io.ferry.cor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.testing.FerryUnderTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorSmokeTest {

    @Test
    void smoke(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
             FerryUnderTest ferry = new FerryUnderTest(dir, sandbox, Map.of())) {
            var rows = ferry.deliver("cor-clients", "c1.csv", "id,name,email_contact,extra\nSF-1,Acme,a@acme.test,x\nSF-2,,b@x,y\n");
            System.out.println(rows);
            sandbox.requests().forEach(System.out::println);
            var rows2 = ferry.deliver("cor-clients", "c2.csv", "id,name\nSF-1,Acme 2\n");
            System.out.println(rows2);
            sandbox.requests().forEach(System.out::println);
            assertThat(rows).isNotEmpty();
        }
    }
}
