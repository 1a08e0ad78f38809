package dev.skein.spring;

import dev.skein.core.App;
import dev.skein.gateway.Gateway;
import dev.skein.mesh.Mesh;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.asm.Type;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Skein's modules are compiled against the root pom's Jackson, Micrometer, OpenTelemetry and Netty;
 * a Spring Boot 3.5.7 application runs them on older ones (its BOM's, which this module's tests use).
 * Every reference their bytecode makes to a class, constructor, method or field of those libraries
 * must exist in the versions on this class path, or a user gets a NoSuchMethodError at run time.
 */
@Timeout(30)
class BootManagedVersionsTest {

    private static final List<String> LIBRARIES = List.of("io/micrometer/", "com/fasterxml/jackson/", "io/opentelemetry/", "io/netty/");

    private final Set<String> missing = new TreeSet<>();
    private int references;

    @Test
    void everyLibraryMemberSkeinUsesExistsInTheVersionsSpringBootManages() throws Exception {
        for (Class<?> module : List.of(App.class, Mesh.class, Gateway.class)) scan(Path.of(module.getProtectionDomain().getCodeSource().getLocation().toURI()));

        assertThat(references).as("references read").isGreaterThan(300);
        assertThat(missing).as("members missing from Spring Boot's managed versions").isEmpty();
    }

    private void scan(Path location) throws IOException, URISyntaxException {
        if (Files.isDirectory(location)) {
            scanTree(location);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                scanTree(jar.getPath("/"));
            }
        }
    }

    private void scanTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                try (InputStream in = Files.newInputStream(file)) {
                    new ClassReader(in).accept(new References(), ClassReader.SKIP_DEBUG);
                }
            }
        }
    }

    private final class References extends ClassVisitor {
        private String name;

        References() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            this.name = name;
            if (superName != null) type(superName, name);
            if (interfaces != null) for (String i : interfaces) type(i, name);
        }

        @Override
        public MethodVisitor visitMethod(int access, String method, String descriptor, String signature, String[] exceptions) {
            String where = name + "." + method;
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String member, String desc, boolean isInterface) {
                    if (library(owner)) method(owner, member, desc, where);
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String member, String desc) {
                    if (library(owner)) field(owner, member, where);
                }

                @Override
                public void visitTypeInsn(int opcode, String type) {
                    type(type, where);
                }
            };
        }
    }

    private static boolean library(String internalName) {
        return LIBRARIES.stream().anyMatch(internalName::startsWith);
    }

    private Class<?> load(String internalName, String where) {
        references++;
        try {
            return Class.forName(internalName.replace('/', '.'), false, getClass().getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            missing.add("class " + internalName + ", used by " + where);
            return null;
        }
    }

    private void type(String internalName, String where) {
        if (library(internalName)) load(internalName, where);
    }

    private void method(String owner, String member, String descriptor, String where) {
        Class<?> type = load(owner, where);
        if (type != null && !declares(type, member, descriptor, new HashSet<>())) {
            missing.add("method " + owner + "." + member + descriptor + ", used by " + where);
        }
    }

    private static boolean declares(Class<?> type, String member, String descriptor, Set<Class<?>> seen) {
        if (type == null || !seen.add(type)) return false;
        if (member.equals("<init>")) {
            for (Constructor<?> c : type.getDeclaredConstructors()) if (Type.getConstructorDescriptor(c).equals(descriptor)) return true;
            return false;
        }
        for (Method m : type.getDeclaredMethods()) if (m.getName().equals(member) && Type.getMethodDescriptor(m).equals(descriptor)) return true;
        if (declares(type.getSuperclass(), member, descriptor, seen)) return true;
        for (Class<?> i : type.getInterfaces()) if (declares(i, member, descriptor, seen)) return true;
        return type.isInterface() && declares(Object.class, member, descriptor, seen);
    }

    private void field(String owner, String member, String where) {
        Class<?> type = load(owner, where);
        if (type == null) return;
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            for (Field f : t.getDeclaredFields()) if (f.getName().equals(member)) return;
            for (Class<?> i : t.getInterfaces()) for (Field f : i.getFields()) if (f.getName().equals(member)) return;
        }
        missing.add("field " + owner + "." + member + ", used by " + where);
    }
}
