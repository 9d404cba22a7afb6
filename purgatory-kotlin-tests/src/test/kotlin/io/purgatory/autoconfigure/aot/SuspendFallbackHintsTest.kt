package io.purgatory.autoconfigure.aot

import io.purgatory.annotation.CircuitBreaker
import java.io.IOException
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.mockito.Mockito.mock
import org.springframework.aot.generate.ClassNameGenerator
import org.springframework.aot.generate.DefaultGenerationContext
import org.springframework.aot.generate.InMemoryGeneratedFiles
import org.springframework.aot.hint.RuntimeHints
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection
import org.springframework.beans.factory.aot.BeanFactoryInitializationCode
import org.springframework.beans.factory.support.DefaultListableBeanFactory
import org.springframework.beans.factory.support.RootBeanDefinition
import org.springframework.javapoet.ClassName
import org.springframework.mock.env.MockEnvironment
import org.springframework.stereotype.Component

/** The AOT hints keep a suspend function's fallbacks, suspend or not, invocable in a native image. */
class SuspendFallbackHintsTest {

    @Test
    @Suppress("DEPRECATION", "removal") // onMethod: its replacement is missing from Framework 6.2
    fun `a suspend function and both its suspend and plain fallbacks are invocable`() {
        val beanFactory = DefaultListableBeanFactory()
        beanFactory.registerSingleton("environment", MockEnvironment())
        beanFactory.registerBeanDefinition("quotes", RootBeanDefinition(Quotes::class.java))

        val hints = hints(beanFactory)

        val methods = Quotes::class.java.declaredMethods
        val quote = methods.single { it.name == "quote" }
        val suspending = methods.single { it.name == "later" && it.parameterCount == 3 }
        val plain = methods.single { it.name == "later" && it.parameterTypes.contentEquals(arrayOf(IOException::class.java)) }
        assertThat(suspending.parameterTypes.last().name).isEqualTo("kotlin.coroutines.Continuation")
        for (method in listOf(quote, suspending, plain)) {
            assertThat(reflection().onMethod(method).invoke()).accepts(hints)
        }
    }

    private fun hints(beanFactory: DefaultListableBeanFactory): RuntimeHints {
        val contribution = CircuitBreakerAotProcessor().processAheadOfTime(beanFactory)
        assertThat(contribution).isNotNull()
        val generationContext = DefaultGenerationContext(
            ClassNameGenerator(ClassName.get("com.example", "Application")), InMemoryGeneratedFiles(),
        )
        contribution!!.applyTo(generationContext, mock(BeanFactoryInitializationCode::class.java))
        return generationContext.runtimeHints
    }

    @Component
    class Quotes {
        @CircuitBreaker("quotes", fallbackMethod = "later")
        suspend fun quote(id: String): String = id

        suspend fun later(id: String, failure: Throwable): String = "later $id"

        fun later(failure: IOException): String = "later"
    }
}
