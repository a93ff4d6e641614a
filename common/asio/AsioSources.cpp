// Compiles Asio and Beast once for the whole project (BOOST_ASIO_SEPARATE_COMPILATION and
// BOOST_BEAST_SEPARATE_COMPILATION are set on every target that links mmo::asio), which keeps
// every other translation unit that includes them lean.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
