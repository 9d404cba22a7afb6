package io.purgatory.kotlin

import java.util.Properties
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

/** The Kotlin compiler of the build is the one the line's Boot BOM manages, so the tests run what users run. */
class KotlinLineTest {

    @Test
    fun `the compiler plugin and the standard library are the same Kotlin version`() {
        val properties = Properties()
        KotlinLineTest::class.java.getResourceAsStream("/kotlin-line.properties").use { properties.load(it) }
        assertThat(KotlinVersion.CURRENT.toString()).isEqualTo(properties.getProperty("kotlin.compiler"))
    }
}
