# mmo_install_stripped(<executable target>): installs the program into bin/ and strips the installed copy
# (symbols and debug info stay in the build tree for debugging), so `cmake --install` gives small binaries
# whatever the build type; `cmake --install --strip` is not needed.
function(mmo_install_stripped target)
  install(TARGETS ${target} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  if(CMAKE_STRIP)
    install(CODE "execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-unneeded
                    \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/$<TARGET_FILE_NAME:${target}>\"
                    COMMAND_ERROR_IS_FATAL ANY)")
  endif()
endfunction()
