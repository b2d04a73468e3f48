/**
 * The sandbox: a stateful, in-memory simulator of the COR, ComplyCube and Clemta APIs that
 * Ferry's tests, quick start and benchmarks talk to over loopback HTTP. Never used unless asked for.
 *
 * <p>Entry points: {@link io.ferry.sandbox.Sandbox#start(SandboxConfig)} in-process (URL layout in
 * {@link io.ferry.sandbox.Sandbox}), {@link io.ferry.sandbox.SandboxMain} as its own process,
 * {@link io.ferry.sandbox.SandboxConfig#fromMap(java.util.Map)} for {@code sandbox.*} keys, and
 * {@link io.ferry.sandbox.Faults} for fault injection. Each API follows {@code
 * shared/api-reference.md}; where the vendor is silent, the class that decides says so.
 */
package io.ferry.sandbox;
